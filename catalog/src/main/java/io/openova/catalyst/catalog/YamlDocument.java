package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A YAML file read into a JSON tree, with the line where each node starts, keyed by JSON pointer, so that
 * problems found on the tree can name the line in the file.
 */
public record YamlDocument(String file, JsonNode root, Map<String, Integer> lines) {
    public YamlDocument {
        lines = Map.copyOf(lines);
    }

    /** The line of the node at {@code pointer}, or of its closest ancestor that has one; 0 if none. */
    public int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    public Problem problem(String pointer, String message) {
        return new Problem(file, lineOf(pointer), Pointers.toField(pointer), message);
    }
}
