package io.openova.catalyst.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The one results table of bench/RESULTS.md. Every benchmark writes its own row; a rerun replaces the row of the
 * same scenario, so the file always holds the latest figure of each. Pure text in, text out.
 */
public final class ResultsTable {
    static final String HEADER = "| scenario | figure | reference | ratio | date |";
    static final String SEPARATOR = "| --- | --- | --- | --- | --- |";

    private ResultsTable() {}

    /** One line of the table; the scenario names the row. */
    public record Row(String scenario, String figure, String reference, String ratio, String date) {
        String toMarkdown() {
            return "| " + String.join(" | ", cell(scenario), cell(figure), cell(reference), cell(ratio), cell(date))
                    + " |";
        }

        private static String cell(String text) {
            return text.replace("\n", " ").replace("|", "\\|").strip();
        }
    }

    /**
     * The file text with {@code row} in the table: in place of the row of the same scenario when there is one, else
     * after the table's last row. Creates the table (at the end) when the text has none; keeps all other text as it was.
     */
    public static String upsert(String text, Row row) {
        List<String> lines =
                new ArrayList<>(text.isEmpty() ? List.of() : text.lines().toList());
        int header = lines.indexOf(HEADER);
        if (header < 0) {
            if (!lines.isEmpty() && !lines.getLast().isBlank()) {
                lines.add("");
            }
            lines.addAll(List.of(HEADER, SEPARATOR, row.toMarkdown()));
            return String.join("\n", lines) + "\n";
        }
        int end = header + 1;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            if (Row.cell(row.scenario()).equals(scenarioOf(lines.get(end)))) {
                lines.set(end, row.toMarkdown());
                return String.join("\n", lines) + "\n";
            }
            end++;
        }
        lines.add(end, row.toMarkdown());
        return String.join("\n", lines) + "\n";
    }

    private static String scenarioOf(String line) {
        String[] cells = line.split("(?<!\\\\)\\|", -1);
        return cells.length > 1 ? cells[1].strip() : "";
    }
}
