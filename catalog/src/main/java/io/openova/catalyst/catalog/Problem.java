package io.openova.catalyst.catalog;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a Blueprint source, precise enough to fix without looking elsewhere.
 *
 * @param file the file as the user knows it, e.g. {@code blueprints/cnpg/blueprint.yaml}
 * @param line 1-based line in that file, or 0 when the problem has no single place
 * @param field the field in dotted form, e.g. {@code spec.dependsOn[0]}, or empty for the whole file
 * @param message what is wrong and what was expected, as a sentence without a final period
 */
public record Problem(String file, int line, String field, String message) implements Comparable<Problem> {
    private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparing(Problem::field)
            .thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code blueprints/x/blueprint.yaml:12: spec.dependsOn[0]: 'foo' does not exist}. */
    public String format() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!field.isEmpty()) {
            out.append(field).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public int compareTo(Problem other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return format();
    }
}
