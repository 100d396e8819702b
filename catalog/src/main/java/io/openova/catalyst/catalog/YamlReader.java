package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Reads one YAML document into a JSON tree, defensively: YAML 1.2 JSON schema (no {@code yes}/{@code no} booleans),
 * duplicate keys rejected, a size limit, few aliases and a node budget so that an alias bomb cannot blow up memory.
 */
public final class YamlReader {
    /** Largest file accepted, in bytes. */
    public static final int MAX_BYTES = 1 << 20;
    /** Most aliases to collections in one file (anchors are rare in Blueprints; bombs need many). */
    public static final int MAX_ALIASES = 20;
    /** Most nodes one document may expand to, aliases included. */
    public static final int MAX_NODES = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Thrown with a problem that names the file and, where known, the line. */
    public static final class YamlException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        YamlException(Problem problem) {
            super(problem.format());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public YamlDocument read(String file, byte[] content) throws YamlException {
        if (content.length > MAX_BYTES) {
            throw new YamlException(new Problem(
                    file, 0, "", "file is " + content.length + " bytes, more than the limit of " + MAX_BYTES));
        }
        String text = decode(file, content);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new JsonSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_BYTES)
                .setUseMarks(true)
                .build();
        Node node;
        try {
            Iterator<Node> documents =
                    new Compose(settings).composeAllFromString(text).iterator();
            if (!documents.hasNext()) {
                throw new YamlException(new Problem(file, 0, "", "file is empty"));
            }
            node = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                throw new YamlException(new Problem(
                        file,
                        line(second.getStartMark()),
                        "",
                        "holds more than one YAML document; a Blueprint file holds exactly one"));
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = e.getProblem() == null ? "" : e.getProblem().trim();
            String context = e.getContext() == null ? "" : e.getContext().trim();
            String message = context.isEmpty() ? problem : context + ": " + problem;
            throw new YamlException(
                    new Problem(file, mark.map(YamlReader::line).orElse(0), "", "invalid YAML: " + message));
        } catch (YamlEngineException e) {
            throw new YamlException(new Problem(file, 0, "", "invalid YAML: " + e.getMessage()));
        }
        Map<String, Integer> lines = new HashMap<>();
        Walk walk = new Walk(file, lines);
        JsonNode root = convert(node, "", walk);
        return new YamlDocument(file, root, lines);
    }

    private static String decode(String file, byte[] content) throws YamlException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new YamlException(new Problem(file, 0, "", "file is not valid UTF-8"));
        }
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    private static int line(Optional<Mark> mark) {
        return mark.map(YamlReader::line).orElse(0);
    }

    /** State of one conversion: the node budget, and the nodes on the current path (an alias may not contain itself). */
    private static final class Walk {
        final String file;
        final Map<String, Integer> lines;
        final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        int budget = MAX_NODES;

        Walk(String file, Map<String, Integer> lines) {
            this.file = file;
            this.lines = lines;
        }
    }

    private JsonNode convert(Node node, String pointer, Walk walk) throws YamlException {
        String file = walk.file;
        Map<String, Integer> lines = walk.lines;
        if (--walk.budget < 0) {
            throw new YamlException(new Problem(
                    file,
                    line(node.getStartMark()),
                    Pointers.toField(pointer),
                    "document expands to more than " + MAX_NODES + " nodes (an alias bomb?)"));
        }
        lines.putIfAbsent(pointer, line(node.getStartMark()));
        if (!walk.path.add(node)) {
            throw new YamlException(new Problem(
                    file,
                    line(node.getStartMark()),
                    Pointers.toField(pointer),
                    "an alias refers to a node that contains it"));
        }
        JsonNode converted =
                switch (node) {
                    case MappingNode mapping -> {
                        ObjectNode object = JSON.objectNode();
                        for (NodeTuple tuple : mapping.getValue()) {
                            Node keyNode = tuple.getKeyNode();
                            if (!(keyNode instanceof ScalarNode key)
                                    || key.getTag().equals(Tag.NULL)) {
                                throw new YamlException(new Problem(
                                        file,
                                        line(keyNode.getStartMark()),
                                        Pointers.toField(pointer),
                                        "keys must be plain strings"));
                            }
                            if ("<<".equals(key.getValue()) && key.getScalarStyle() == ScalarStyle.PLAIN) {
                                throw new YamlException(new Problem(
                                        file,
                                        line(keyNode.getStartMark()),
                                        Pointers.toField(pointer),
                                        "merge keys (<<) are not supported; write the keys out"));
                            }
                            if (object.has(key.getValue())) {
                                throw new YamlException(new Problem(
                                        file,
                                        line(keyNode.getStartMark()),
                                        Pointers.toField(pointer),
                                        "invalid YAML: duplicate key '" + key.getValue() + "' (first at line "
                                                + lines.get(Pointers.child(pointer, key.getValue())) + ")"));
                            }
                            String childPointer = Pointers.child(pointer, key.getValue());
                            lines.put(childPointer, line(keyNode.getStartMark()));
                            object.set(key.getValue(), convert(tuple.getValueNode(), childPointer, walk));
                        }
                        yield object;
                    }
                    case SequenceNode sequence -> {
                        ArrayNode array = JSON.arrayNode();
                        List<Node> items = sequence.getValue();
                        for (int i = 0; i < items.size(); i++) {
                            array.add(convert(items.get(i), Pointers.child(pointer, i), walk));
                        }
                        yield array;
                    }
                    case ScalarNode scalar -> scalar(file, scalar, pointer);
                    default ->
                        throw new YamlException(new Problem(
                                file, line(node.getStartMark()), Pointers.toField(pointer), "unsupported YAML node"));
                };
        walk.path.remove(node);
        return converted;
    }

    private static JsonNode scalar(String file, ScalarNode scalar, String pointer) throws YamlException {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        // snakeyaml-engine tags a plain ${NAME} as an environment variable; Catalyst never expands those, and Blueprint
        // templates use ${app} and the like as text (docs/blueprints.md, "Rendering").
        if (tag.equals(Tag.STR) || (tag.equals(Tag.ENV_TAG) && scalar.isPlain())) {
            return JSON.textNode(value);
        }
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
        }
        if (tag.equals(Tag.INT)) {
            BigInteger integer = parseInteger(value);
            return integer.bitLength() < 64 ? JSON.numberNode(integer.longValue()) : JSON.numberNode(integer);
        }
        if (tag.equals(Tag.FLOAT)) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            if (v.contains("inf") || v.contains("nan")) {
                throw new YamlException(new Problem(
                        file,
                        line(scalar.getStartMark()),
                        Pointers.toField(pointer),
                        "'" + value + "' is not a JSON number"));
            }
            return JSON.numberNode(new BigDecimal(value));
        }
        throw new YamlException(new Problem(
                file,
                line(scalar.getStartMark()),
                Pointers.toField(pointer),
                "unsupported YAML tag " + tag + "; only plain JSON-compatible values are allowed"));
    }

    private static BigInteger parseInteger(String value) {
        String v = value.replace("_", "");
        if (v.startsWith("0x")) {
            return new BigInteger(v.substring(2), 16);
        }
        if (v.startsWith("0o")) {
            return new BigInteger(v.substring(2), 8);
        }
        return new BigInteger(v);
    }
}
