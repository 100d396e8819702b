package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPDX license expressions ({@code MIT}, {@code Apache-2.0 OR MIT}, {@code GPL-2.0-only WITH Classpath-exception-2.0})
 * checked against the bundled SPDX License List, and the license posture of spec §11: what counts as open source.
 */
public final class Licenses {
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9.+:-]+)");
    private static final Map<String, Boolean> OSI_APPROVED = loadLicenses();
    private static final Set<String> EXCEPTIONS = loadExceptions();

    private Licenses() {}

    /** A parsed expression: the license ids in it, and whether it is open source. */
    public record Expression(String text, List<String> licenseIds, boolean openSource) {}

    /** Parses {@code text}; the message of the exception names the first thing that is wrong. */
    public static Expression parse(String text) throws InvalidLicenseException {
        Parser parser = new Parser(text);
        Node node = parser.expression();
        if (parser.peek().isPresent()) {
            throw new InvalidLicenseException(
                    "unexpected '" + parser.peek().get() + "' in license expression '" + text + "'");
        }
        List<String> ids = new ArrayList<>();
        node.collect(ids);
        return new Expression(text, List.copyOf(ids), node.open());
    }

    /** Whether {@code id} is on the SPDX License List (case-sensitive, as SPDX ids are written). */
    public static boolean isKnown(String id) {
        return OSI_APPROVED.containsKey(id);
    }

    public static final class InvalidLicenseException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidLicenseException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Id, And, Or {
        boolean open();

        void collect(List<String> ids);
    }

    private record Id(String id) implements Node {
        @Override
        public boolean open() {
            return OSI_APPROVED.getOrDefault(id, false);
        }

        @Override
        public void collect(List<String> ids) {
            ids.add(id);
        }
    }

    /** Open only if every part is: the user must comply with all of them. */
    private record And(Node left, Node right) implements Node {
        @Override
        public boolean open() {
            return left.open() && right.open();
        }

        @Override
        public void collect(List<String> ids) {
            left.collect(ids);
            right.collect(ids);
        }
    }

    /** Open if either choice is: the user may pick the open one. */
    private record Or(Node left, Node right) implements Node {
        @Override
        public boolean open() {
            return left.open() || right.open();
        }

        @Override
        public void collect(List<String> ids) {
            left.collect(ids);
            right.collect(ids);
        }
    }

    private static final class Parser {
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int position;

        Parser(String text) throws InvalidLicenseException {
            this.text = text;
            Matcher m = TOKEN.matcher(text);
            int end = 0;
            while (end < text.length() && m.find(end) && m.start() == end) {
                tokens.add(m.group(1));
                end = m.end();
            }
            if (!text.substring(end).isBlank()) {
                throw new InvalidLicenseException("cannot read license expression '" + text + "' at '"
                        + text.substring(end).trim() + "'");
            }
            if (tokens.isEmpty()) {
                throw new InvalidLicenseException("license expression is empty");
            }
        }

        Optional<String> peek() {
            return position < tokens.size() ? Optional.of(tokens.get(position)) : Optional.empty();
        }

        private String next() throws InvalidLicenseException {
            if (position >= tokens.size()) {
                throw new InvalidLicenseException("license expression '" + text + "' ends too early");
            }
            return tokens.get(position++);
        }

        Node expression() throws InvalidLicenseException {
            Node left = conjunction();
            while (peek().filter("OR"::equals).isPresent()) {
                position++;
                left = new Or(left, conjunction());
            }
            return left;
        }

        private Node conjunction() throws InvalidLicenseException {
            Node left = atom();
            while (peek().filter("AND"::equals).isPresent()) {
                position++;
                left = new And(left, atom());
            }
            return left;
        }

        private Node atom() throws InvalidLicenseException {
            String token = next();
            if (token.equals("(")) {
                Node inner = expression();
                if (!next().equals(")")) {
                    throw new InvalidLicenseException("missing ')' in license expression '" + text + "'");
                }
                return inner;
            }
            if (Set.of("AND", "OR", "WITH", ")").contains(token)) {
                throw new InvalidLicenseException("unexpected '" + token + "' in license expression '" + text + "'");
            }
            String id = token.endsWith("+") ? token.substring(0, token.length() - 1) : token;
            if (!id.startsWith("LicenseRef-") && !OSI_APPROVED.containsKey(id)) {
                String hint =
                        suggestion(id).map(s -> "; did you mean '" + s + "'?").orElse("");
                throw new InvalidLicenseException("'" + id + "' is not an SPDX license id" + hint);
            }
            if (peek().filter("WITH"::equals).isPresent()) {
                position++;
                String exception = next();
                if (!EXCEPTIONS.contains(exception)) {
                    throw new InvalidLicenseException("'" + exception + "' is not an SPDX license exception id");
                }
            }
            return new Id(id);
        }
    }

    private static Optional<String> suggestion(String id) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        return OSI_APPROVED.keySet().stream()
                .filter(known -> known.toLowerCase(java.util.Locale.ROOT).equals(lower)
                        || known.toLowerCase(java.util.Locale.ROOT).equals(lower + "-only")
                        || known.toLowerCase(java.util.Locale.ROOT).equals(lower + ".0"))
                .sorted()
                .findFirst();
    }

    private static Map<String, Boolean> loadLicenses() {
        JsonNode list = readResource("spdx/licenses.json");
        Map<String, Boolean> out = new HashMap<>();
        list.properties()
                .forEach(e ->
                        out.put(e.getKey(), e.getValue().path("osiApproved").asBoolean(false)));
        return Map.copyOf(out);
    }

    private static Set<String> loadExceptions() {
        Set<String> out = new HashSet<>();
        readResource("spdx/exceptions.json").forEach(n -> out.add(n.asText()));
        return Set.copyOf(out);
    }

    private static JsonNode readResource(String name) {
        try (InputStream in = Licenses.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return JsonSchemas.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
