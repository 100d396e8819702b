package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.catalog.YamlReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalYamlTest {

    private static String write(Map<String, ?> document) {
        return new String(CanonicalYaml.write(document), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "yes",
                "No",
                "on",
                "OFF",
                "y",
                "n",
                "true",
                "False",
                "~",
                "null",
                "",
                "17",
                "0755",
                "0x1F",
                "1_000",
                "12:30",
                "1.5",
                "1e3",
                ".inf",
                "-.Inf",
                ".nan",
                "2024-01-01",
                "2001-12-14t21:59:43.10-05:00",
                "<<",
                "=",
                "- a",
                "a: b",
                "#c",
                "'q'",
                " padded",
                "@at",
                "*star",
                "&amp",
                "!bang",
                "%pct",
                "{x}",
                "[x]"
            })
    void shouldQuoteAStringThatAPlainScalarWouldNotKeep(String text) throws Exception {
        // Given
        Map<String, Object> document = Map.of("k", text);

        // When
        String yaml = write(document);

        // Then
        assertThat(yaml).doesNotStartWith("k: " + text + "\n").matches("(?s)k: ['\"].*\n");
        JsonNode read = new YamlReader()
                .read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .root();
        assertThat(read.path("k").isTextual()).isTrue();
        assertThat(read.path("k").asText()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10m", "0.27.1", "v1.21.1", "1.0.0-beta.213", "https://x.example/a?b=c", "a-b", "Cortex"})
    void shouldWriteAnOrdinaryStringPlain(String text) {
        // Given
        Map<String, Object> document = Map.of("k", text);

        // When
        String yaml = write(document);

        // Then
        assertThat(yaml).isEqualTo("k: " + text + "\n");
    }

    @Test
    void shouldWriteSortedKeysTwoSpaceIndentsAndPlainScalarsQuotingKeysLikeOtherStrings() {
        // Given
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("b", List.of(Map.of("z", 1, "a", true), "x"));
        document.put("a", Map.of("n", 5, "d", new BigDecimal("2.50"), "w", 2.0, "none", new LinkedHashMap<>()));
        document.put("c", List.of());
        Map<String, Object> nothing = new LinkedHashMap<>();
        nothing.put("k", null);
        document.put("d", nothing);

        // When
        String yaml = write(document);

        // Then
        assertThat(yaml).isEqualTo("""
                        a:
                          d: 2.5
                          'n': 5
                          none: {}
                          w: 2
                        b:
                          - a: true
                            z: 1
                          - x
                        c: []
                        d:
                          k: null
                        """);
    }

    @Test
    void shouldWriteAMultiLineStringAsALiteralBlockAndALongOneOnOneLine() {
        // Given
        String script = "set -e\necho hi\n";
        String longText = "word ".repeat(60).trim();

        // When
        String yaml = write(Map.of("script", script, "text", longText));

        // Then
        assertThat(yaml).isEqualTo("script: |\n  set -e\n  echo hi\ntext: " + longText + "\n");
    }

    @Test
    void shouldRepeatASharedValueInsteadOfAnchoringIt() {
        // Given
        Map<String, Object> shared = Map.of("kind", "Secret");

        // When
        String yaml = write(Map.of("a", shared, "b", shared));

        // Then
        assertThat(yaml).isEqualTo("a:\n  kind: Secret\nb:\n  kind: Secret\n").doesNotContain("&", "*");
    }
}
