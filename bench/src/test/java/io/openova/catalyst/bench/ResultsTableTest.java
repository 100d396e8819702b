package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTableTest {
    private static final ResultsTable.Row LIST =
            new ResultsTable.Row("catalog-list", "900 req/s", "1800 req/s", "0.50", "2025-01-02");

    @Test
    void shouldCreateTableWithHeaderWhenFileIsEmpty() {
        // Given
        String text = "";

        // When
        String updated = ResultsTable.upsert(text, LIST);

        // Then
        assertThat(updated).isEqualTo("""
                        | scenario | figure | reference | ratio | date |
                        | --- | --- | --- | --- | --- |
                        | catalog-list | 900 req/s | 1800 req/s | 0.50 | 2025-01-02 |
                        """);
    }

    @Test
    void shouldReplaceRowOfSameScenarioAndKeepOthers() {
        // Given
        String text = """
                # Results

                | scenario | figure | reference | ratio | date |
                | --- | --- | --- | --- | --- |
                | catalog-list | 100 req/s | 1000 req/s | 0.10 | 2024-12-31 |
                | other | 5 ops/s | 10 ops/s | 0.50 | 2024-12-31 |

                Notes after the table.
                """;

        // When
        String updated = ResultsTable.upsert(text, LIST);

        // Then
        assertThat(updated).isEqualTo("""
                # Results

                | scenario | figure | reference | ratio | date |
                | --- | --- | --- | --- | --- |
                | catalog-list | 900 req/s | 1800 req/s | 0.50 | 2025-01-02 |
                | other | 5 ops/s | 10 ops/s | 0.50 | 2024-12-31 |

                Notes after the table.
                """);
    }

    @Test
    void shouldAppendRowOfNewScenarioAfterLastRowOfTable() {
        // Given
        String text = """
                | scenario | figure | reference | ratio | date |
                | --- | --- | --- | --- | --- |
                | other | 5 ops/s | 10 ops/s | 0.50 | 2024-12-31 |

                Notes after the table.
                """;

        // When
        String updated = ResultsTable.upsert(text, LIST);

        // Then
        assertThat(updated).isEqualTo("""
                | scenario | figure | reference | ratio | date |
                | --- | --- | --- | --- | --- |
                | other | 5 ops/s | 10 ops/s | 0.50 | 2024-12-31 |
                | catalog-list | 900 req/s | 1800 req/s | 0.50 | 2025-01-02 |

                Notes after the table.
                """);
    }

    @Test
    void shouldAddTableAfterExistingTextThatHasNone() {
        // Given
        String text = "# Results\nNo figures yet.\n";

        // When
        String updated = ResultsTable.upsert(text, LIST);

        // Then
        assertThat(updated).isEqualTo("""
                # Results
                No figures yet.

                | scenario | figure | reference | ratio | date |
                | --- | --- | --- | --- | --- |
                | catalog-list | 900 req/s | 1800 req/s | 0.50 | 2025-01-02 |
                """);
    }

    @Test
    void shouldEscapePipesSoThatRowKeepsFiveCellsAndIsFoundAgain() {
        // Given
        ResultsTable.Row piped = new ResultsTable.Row("a|b", "1 req/s", "2 req/s", "0.50", "2025-01-02");
        String first = ResultsTable.upsert("", piped);

        // When
        String updated =
                ResultsTable.upsert(first, new ResultsTable.Row("a|b", "3 req/s", "4 req/s", "0.75", "2025-01-03"));

        // Then
        assertThat(updated.lines())
                .containsExactly(
                        ResultsTable.HEADER,
                        ResultsTable.SEPARATOR,
                        "| a\\|b | 3 req/s | 4 req/s | 0.75 | 2025-01-03 |");
    }
}
