package io.openova.catalyst.provisioning.compose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Writes JSON-shaped values (maps, lists, strings, numbers, booleans, null) as one canonical YAML document: keys
 * sorted, block style, 2-space indent, LF line ends, a trailing newline, no anchors, no line folding. The same value
 * always gives the same bytes.
 *
 * <p>Strings are quoted only when a plain scalar would read back as something else, by a YAML 1.2 reader or by a
 * YAML 1.1 one such as the Go libraries Flux and Kustomize use ({@code yes}, {@code on}, {@code 0755}, {@code 12:30},
 * {@code 2024-01-01} all stay strings).
 */
final class CanonicalYaml {
    private static final DumpSettings SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setBestLineBreak("\n")
            .setDereferenceAliases(true)
            .setSchema(new QuotingSchema())
            .build();

    private CanonicalYaml() {}

    static byte[] write(Map<String, ?> document) {
        return new Dump(SETTINGS).dumpToString(canonical(document)).getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh deep copy with sorted maps and canonical numbers, so nothing depends on the caller's order. */
    private static Object canonical(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
                yield sorted;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(canonical(v)));
                yield copy;
            }
            case null, default -> CanonicalValues.scalar(value);
        };
    }

    /**
     * Resolves plain scalars the way the strictest of YAML 1.1 and 1.2 readers would. The emitter quotes a string
     * whenever this resolves its text to anything but a string.
     */
    private static final class QuotingSchema implements Schema {
        static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");
        static final Pattern BOOL = Pattern.compile(
                "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$");
        static final Pattern INT = Pattern.compile(
                "^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|[1-9][0-9_]*(?::[0-5]?[0-9])+)$");
        static final Pattern FLOAT = Pattern.compile("^(?:[-+]?(?:\\.[0-9]+|[0-9][0-9_]*(?:\\.[0-9_]*)?)"
                + "(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        static final Pattern TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$");
        static final Tag OTHER = new Tag(Tag.PREFIX + "timestamp");

        private static final ScalarResolver RESOLVER = (value, implicit) -> {
            if (!implicit) {
                return Tag.STR;
            }
            if (NULL.matcher(value).matches()) {
                return Tag.NULL;
            }
            if (BOOL.matcher(value).matches()) {
                return Tag.BOOL;
            }
            if (INT.matcher(value).matches()) {
                return Tag.INT;
            }
            if (FLOAT.matcher(value).matches()) {
                return Tag.FLOAT;
            }
            if (TIMESTAMP.matcher(value).matches() || value.equals("<<") || value.equals("=")) {
                return OTHER;
            }
            return Tag.STR;
        };

        @Override
        public ScalarResolver getScalarResolver() {
            return RESOLVER;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    }
}
