package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplicationRecordsTest {
    private static final String PATH = ".catalyst/applications/pg.yaml";

    private static String write(ApplicationRecord record) {
        return new String(ApplicationRecords.write(record), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheRecordWithSortedKeysAndOnlyTheFieldsThatAreSet() {
        // Given
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("storage", Map.of("size", "50Gi"));
        values.put("instances", 5);
        values.put("postgresVersion", "16");
        ApplicationRecord record = new ApplicationRecord(
                "pg", "cnpg", "1.0.0", values, List.of("/superuserPassword"), Optional.of("data"));

        // When
        String yaml = write(record);

        // Then
        assertThat(yaml).isEqualTo("""
                        apiVersion: catalyst.openova.io/v1alpha1
                        kind: Application
                        metadata:
                          name: pg
                        spec:
                          blueprint: cnpg
                          partOf: data
                          secrets:
                            - /superuserPassword
                          values:
                            instances: 5
                            postgresVersion: '16'
                            storage:
                              size: 50Gi
                          version: 1.0.0
                        """);
    }

    @Test
    void shouldWriteEmptyValuesAndLeaveOutNoSecretsAndNoComposite() {
        // Given
        ApplicationRecord record = ApplicationRecord.of("pg", "cnpg", "1.0.0");

        // When
        String yaml = write(record);

        // Then
        assertThat(yaml).endsWith("spec:\n  blueprint: cnpg\n  values: {}\n  version: 1.0.0\n");
    }

    @Test
    void shouldReadBackWhatItWrote() {
        // Given
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ratio", 0.75);
        values.put("big", new BigDecimal("2"));
        values.put("on", "yes");
        values.put("list", List.of(1, "2", true, Map.of("k", "v")));
        values.put("nothing", null);
        values.put("text", "line one\nline two\n");
        ApplicationRecord record =
                new ApplicationRecord("pg", "cnpg", "1.0.0", values, List.of("/b/c", "/a"), Optional.of("data"));

        // When
        ApplicationRecord read = ApplicationRecords.read(PATH, ApplicationRecords.write(record));

        // Then
        assertThat(read).isEqualTo(record);
        assertThat(read.secrets()).containsExactly("/a", "/b/c");
        assertThat(read.values().get("on")).isEqualTo("yes");
    }

    @Test
    void shouldHoldSecretsSortedWithoutDuplicatesAndNumbersAsReadFromYaml() {
        // Given
        List<String> secrets = List.of("/z", "/a", "/z");

        // When
        ApplicationRecord record =
                new ApplicationRecord("pg", "cnpg", "1.0.0", Map.of("n", 5), secrets, Optional.empty());

        // Then
        assertThat(record.secrets()).containsExactly("/a", "/z");
        assertThat(record.values()).isEqualTo(Map.of("n", 5L));
        assertThat(record)
                .isEqualTo(new ApplicationRecord(
                        "pg", "cnpg", "1.0.0", Map.of("n", 5L), List.of("/a", "/z"), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            missing blueprint     | spec: {version: 1.0.0}                                  | spec.blueprint: is missing
            empty version         | spec: {blueprint: cnpg, version: ''}                     | spec.version: must be a non-empty string
            unknown spec field    | spec: {blueprint: cnpg, version: 1.0.0, valuez: {}}      | spec.valuez: is not a field of an Application
            values not a mapping  | spec: {blueprint: cnpg, version: 1.0.0, values: [1]}     | spec.values: must be a mapping
            secret not a pointer  | spec: {blueprint: cnpg, version: 1.0.0, secrets: [pw]}   | spec.secrets[0]: must be a JSON pointer
            secrets not a list    | spec: {blueprint: cnpg, version: 1.0.0, secrets: /pw}    | spec.secrets: must be a list
            partOf not a name     | spec: {blueprint: cnpg, version: 1.0.0, partOf: ../x}    | spec.partOf: '../x' is not a DNS-1123 label
            partOf itself         | spec: {blueprint: cnpg, version: 1.0.0, partOf: pg}      | cannot be part of itself
            duplicate key         | spec: {blueprint: cnpg, blueprint: x, version: 1.0.0}    | duplicate key 'blueprint'
            """)
    void shouldRefuseAnInvalidRecordNamingTheFileAndTheField(String title, String spec, String message) {
        // Given
        byte[] yaml = bytes(
                "apiVersion: catalyst.openova.io/v1alpha1\nkind: Application\nmetadata: {name: pg}\n" + spec + "\n");

        // When / Then
        assertThatThrownBy(() -> ApplicationRecords.read(PATH, yaml))
                .as(title)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PATH)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            wrong kind        | kind: Blueprint                      | kind: must be 'Application'
            wrong apiVersion  | apiVersion: v1                       | apiVersion: must be 'catalyst.openova.io/v1alpha1'
            bad name          | metadata: {name: Bad_Name}          | metadata.name: 'Bad_Name' is not a DNS-1123 label
            extra metadata    | metadata: {name: pg, namespace: x}  | metadata.namespace: is not a field of an Application
            """)
    void shouldRefuseAnInvalidHeader(String title, String replacement, String message) {
        // Given
        String key = replacement.substring(0, replacement.indexOf(':'));
        String valid = "apiVersion: catalyst.openova.io/v1alpha1\nkind: Application\nmetadata: {name: pg}\n"
                + "spec: {blueprint: cnpg, version: 1.0.0}\n";
        String yaml = String.join(
                        "\n",
                        Arrays.stream(valid.split("\n"))
                                .map(line -> line.startsWith(key + ":") ? replacement : line)
                                .toList())
                + "\n";

        // When / Then
        assertThatThrownBy(() -> ApplicationRecords.read(PATH, bytes(yaml)))
                .as(title)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PATH + ": " + message);
    }

    @Test
    void shouldRefuseAnAliasBombLikeEveryCatalystYamlReader() {
        // Given
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("b").append(i).append(": [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n");
        }

        // When / Then
        assertThatThrownBy(() -> ApplicationRecords.read(PATH, bytes(yaml.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PATH);
    }
}
