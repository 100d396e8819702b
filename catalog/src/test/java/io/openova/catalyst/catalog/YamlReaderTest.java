package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static final String FILE = "blueprints/x/blueprint.yaml";

    private final YamlReader reader = new YamlReader();

    private YamlDocument read(String yaml) throws YamlReader.YamlException {
        return reader.read(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private Problem rejection(String yaml) {
        return rejection(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private Problem rejection(byte[] content) {
        YamlReader.YamlException e =
                catchThrowableOfType(YamlReader.YamlException.class, () -> reader.read(FILE, content));
        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.getMessage()).isEqualTo(e.problem().format());
        return e.problem();
    }

    /** A sequence anchored as {@code name}, holding {@code count} aliases of {@code of}. */
    private static String aliasLevel(String name, String of, int count) {
        return "  - &" + name + " [" + String.join(", ", Collections.nCopies(count, "*" + of)) + "]\n";
    }

    @Test
    void shouldRejectDuplicateKeyWithItsLine() {
        // Given
        String yaml = "a: 1\nb: 2\na: 3\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.format()).isEqualTo(FILE + ":3: invalid YAML: duplicate key 'a' (first at line 1)");
    }

    @Test
    void shouldRejectDuplicateKeyInNestedMapping() {
        // Given
        String yaml = "spec:\n  x: 1\n  y: 2\n  x: 3\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.field()).isEqualTo("spec");
        assertThat(problem.message()).isEqualTo("invalid YAML: duplicate key 'x' (first at line 2)");
    }

    @Test
    void shouldRejectBillionLaughsByCountingAliases() {
        // Given: the classic bomb, nine levels of ten aliases each
        StringBuilder yaml = new StringBuilder("lol:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append(aliasLevel("l" + level, "l" + (level - 1), 10));
        }

        // When
        Problem problem = rejection(yaml.toString());

        // Then
        assertThat(problem.message())
                .startsWith("invalid YAML: ")
                .contains("aliases")
                .contains(String.valueOf(YamlReader.MAX_ALIASES));
    }

    @Test
    void shouldAcceptAsManyCollectionAliasesAsTheLimit() throws Exception {
        // Given
        String yaml = "base: &b [1]\nl:\n" + "  - *b\n".repeat(YamlReader.MAX_ALIASES);

        // When
        YamlDocument document = read(yaml);

        // Then
        assertThat(document.root().get("l")).hasSize(YamlReader.MAX_ALIASES);
        assertThat(document.root()
                        .at("/l/" + (YamlReader.MAX_ALIASES - 1) + "/0")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void shouldRejectAliasBombThatStaysUnderTheAliasLimitButExpandsPastTheNodeBudget() {
        // Given: 200 scalars, then six levels of three aliases each (18 aliases): 200 * 3^6 = 145,800 leaves
        int leaves = 200;
        int perLevel = 3;
        int levels = 6;
        assertThat(perLevel * levels).isLessThanOrEqualTo(YamlReader.MAX_ALIASES);
        assertThat(leaves * (long) Math.pow(perLevel, levels)).isGreaterThan(YamlReader.MAX_NODES);
        StringBuilder yaml = new StringBuilder("bomb:\n  - &l0 [");
        yaml.append(String.join(", ", Collections.nCopies(leaves, "x"))).append("]\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append(aliasLevel("l" + level, "l" + (level - 1), perLevel));
        }

        // When
        Problem problem = rejection(yaml.toString());

        // Then
        assertThat(problem.message())
                .isEqualTo("document expands to more than " + YamlReader.MAX_NODES + " nodes (an alias bomb?)");
        assertThat(problem.field()).startsWith("bomb[");
        assertThat(problem.line()).isBetween(2, 2 + levels);
    }

    @Test
    void shouldRejectSelfReferencingAliasWithoutOverflowingTheStack() {
        // Given: one alias, to the sequence that holds it
        String yaml = "a: &a [*a]\n";

        // When
        Throwable thrown = catchThrowable(() -> reader.read(FILE, yaml.getBytes(StandardCharsets.UTF_8)));

        // Then: a problem with the file, not a StackOverflowError
        assertThat(thrown).isInstanceOf(YamlReader.YamlException.class);
        assertThat(((YamlReader.YamlException) thrown).problem().file()).isEqualTo(FILE);
    }

    @Test
    void shouldKeepYamlOneOneBooleansAsStrings() throws Exception {
        // Given
        String yaml = "a: on\nb: yes\nc: no\nd: off\ne: y\n";

        // When
        JsonNode root = read(yaml).root();

        // Then
        for (String field : new String[] {"a", "b", "c", "d", "e"}) {
            assertThat(root.get(field).isTextual()).as(field).isTrue();
        }
        assertThat(root.get("a").asText()).isEqualTo("on");
        assertThat(root.get("b").asText()).isEqualTo("yes");
    }

    @Test
    void shouldReadTrueFalseNullAndNumbersAsJsonValues() throws Exception {
        // Given
        String yaml =
                "t: true\nf: false\nn: null\ne:\ni: 42\nd: 1.5\nbig: 99999999999999999999\nquoted: 'true'\nversion: 1.0.0\n";

        // When
        JsonNode root = read(yaml).root();

        // Then
        assertThat(root.get("t").isBoolean()).isTrue();
        assertThat(root.get("t").booleanValue()).isTrue();
        assertThat(root.get("f").booleanValue()).isFalse();
        assertThat(root.get("n").isNull()).isTrue();
        assertThat(root.get("e").isNull()).isTrue();
        assertThat(root.get("i").isIntegralNumber()).isTrue();
        assertThat(root.get("i").longValue()).isEqualTo(42L);
        assertThat(root.get("d").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(root.get("big").bigIntegerValue()).isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(root.get("quoted").isTextual()).isTrue();
        assertThat(root.get("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void shouldRejectInfinityBecauseJsonHasNoSuchNumber() {
        // Given
        String yaml = "a: 1\nlimit: .inf\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.format()).isEqualTo(FILE + ":2: limit: '.inf' is not a JSON number");
    }

    @Test
    void shouldRejectMoreThanOneDocumentAtTheSecond() {
        // Given
        String yaml = "a: 1\n---\nb: 2\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.message())
                .isEqualTo("holds more than one YAML document; a Blueprint file holds exactly one");
        assertThat(problem.line()).isEqualTo(3);
    }

    @Test
    void shouldAcceptOneDocumentWithExplicitMarkers() throws Exception {
        // Given
        String yaml = "---\na: 1\n...\n";

        // When
        YamlDocument document = read(yaml);

        // Then
        assertThat(document.root().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRejectInvalidUtf8() {
        // Given: 0xC3 starts a two-byte sequence that 0x28 does not continue
        byte[] content = {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};

        // When
        Problem problem = rejection(content);

        // Then
        assertThat(problem.format()).isEqualTo(FILE + ": file is not valid UTF-8");
    }

    @Test
    void shouldRejectEmptyFile() {
        // Given
        byte[] content = new byte[0];

        // When
        Problem problem = rejection(content);

        // Then
        assertThat(problem.format()).isEqualTo(FILE + ": file is empty");
    }

    @Test
    void shouldRejectFileWithOnlyComments() {
        // Given
        String yaml = "# nothing here\n\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.message()).isEqualTo("file is empty");
    }

    @Test
    void shouldRejectOversizeFileBeforeParsing() {
        // Given
        byte[] content = new byte[YamlReader.MAX_BYTES + 1];
        Arrays.fill(content, (byte) '#');

        // When
        Problem problem = rejection(content);

        // Then
        assertThat(problem.format())
                .isEqualTo(FILE + ": file is " + (YamlReader.MAX_BYTES + 1) + " bytes, more than the limit of "
                        + YamlReader.MAX_BYTES);
    }

    @Test
    void shouldRejectMergeKeys() {
        // Given
        String yaml = "base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.field()).isEqualTo("child");
        assertThat(problem.message()).isEqualTo("merge keys (<<) are not supported; write the keys out");
    }

    @Test
    void shouldRejectSequenceAsKey() {
        // Given
        String yaml = "a: 1\n? [x, y]\n: 2\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.message()).isEqualTo("keys must be plain strings");
    }

    @Test
    void shouldRejectMappingAsKeyInNestedMapping() {
        // Given
        String yaml = "spec:\n  ? {x: 1}\n  : 2\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.field()).isEqualTo("spec");
        assertThat(problem.message()).isEqualTo("keys must be plain strings");
    }

    @Test
    void shouldRejectNullKey() {
        // Given
        String yaml = "null: 1\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.message()).isEqualTo("keys must be plain strings");
    }

    @Test
    void shouldRejectTagsThatAreNotJson() {
        // Given
        String yaml = "a: 1\ndata: !!binary aGVsbG8=\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.field()).isEqualTo("data");
        assertThat(problem.message()).startsWith("unsupported YAML tag ");
    }

    @Test
    void shouldReportSyntaxErrorWithItsLine() {
        // Given
        String yaml = "a: 1\nb:\n\tc: 2\n";

        // When
        Problem problem = rejection(yaml);

        // Then
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.field()).isEmpty();
        assertThat(problem.message()).startsWith("invalid YAML: ").contains("TAB");
    }

    @Test
    void shouldMapEveryPointerToTheLineWhereItStarts() throws Exception {
        // Given
        String yaml = """
                apiVersion: v1
                spec:

                  # a comment
                  list:
                    - first
                    - b: 1
                      c: 2
                  flow: {d: [x, y]}
                """;

        // When
        YamlDocument document = read(yaml);

        // Then
        assertThat(document.lineOf("")).isEqualTo(1);
        assertThat(document.lineOf("/apiVersion")).isEqualTo(1);
        assertThat(document.lineOf("/spec")).isEqualTo(2);
        assertThat(document.lineOf("/spec/list")).isEqualTo(5);
        assertThat(document.lineOf("/spec/list/0")).isEqualTo(6);
        assertThat(document.lineOf("/spec/list/1")).isEqualTo(7);
        assertThat(document.lineOf("/spec/list/1/b")).isEqualTo(7);
        assertThat(document.lineOf("/spec/list/1/c")).isEqualTo(8);
        assertThat(document.lineOf("/spec/flow/d/1")).isEqualTo(9);
    }

    @Test
    void shouldFallBackToClosestAncestorLineForUnknownPointer() throws Exception {
        // Given
        YamlDocument document = read("a: 1\nspec:\n  b: 2\n");

        // When
        int line = document.lineOf("/spec/missing/deeper");

        // Then
        assertThat(line).isEqualTo(2);
    }

    @Test
    void shouldNameFieldsWithEscapedPointerTokensInProblems() throws Exception {
        // Given
        YamlDocument document = read("labels:\n  app.kubernetes.io/name: x\n");

        // When
        Problem problem = document.problem("/labels/app.kubernetes.io~1name", "too long");

        // Then
        assertThat(problem.format()).isEqualTo(FILE + ":2: labels['app.kubernetes.io/name']: too long");
    }
}
