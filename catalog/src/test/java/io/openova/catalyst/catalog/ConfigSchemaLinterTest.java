package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configSchema checks, driven through {@link BlueprintReader} on small inline Blueprints. */
class ConfigSchemaLinterTest {

    private static BlueprintDoc withSchema(String configSchema) {
        return BlueprintDoc.minimal().withConfigSchema(configSchema);
    }

    @Test
    void shouldRejectUnprefixedWidgetKeywordAndNameItsXPrefixedForm() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: integer
                    widget: number
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("widget:"),
                        "spec.configSchema.properties.size.widget",
                        "unknown keyword 'widget' (UI hints must be x-prefixed: 'x-widget')"));
    }

    @Test
    void shouldRejectUnknownKeywordAndListTheUiHints() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: integer
                    placeholder: "1"
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec.configSchema.properties.size.placeholder",
                        "unknown keyword 'placeholder'; UI hints must be x-prefixed"
                                + " (x-common, x-group, x-order, x-secret, x-widget)"));
    }

    @Test
    void shouldRejectUnknownXPrefixedHint() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: integer
                    x-color: red
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("x-color:"),
                        "spec.configSchema.properties.size.x-color",
                        "unknown UI hint 'x-color'; expected one of [x-common, x-group, x-order, x-secret, x-widget]"));
    }

    @Test
    void shouldRejectXOrderThatIsNotAnInteger() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: integer
                    x-order: first
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("spec.configSchema.properties.size.x-order", "must be an integer"));
    }

    @Test
    void shouldRejectBadlyTypedHints() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: integer
                    x-group: ""
                    x-widget: dial
                    x-common: yes
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactlyInAnyOrder(
                        tuple("spec.configSchema.properties.size.x-group", "must be a non-empty string"),
                        tuple(
                                "spec.configSchema.properties.size.x-widget",
                                "must be one of [keyvalue, number, password, select, slider, text, textarea, toggle, yaml]"),
                        tuple("spec.configSchema.properties.size.x-common", "must be true or false"));
    }

    @Test
    void shouldRejectRemoteRef() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    $ref: https://example.org/size.json
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("$ref:"),
                        "spec.configSchema.properties.size.$ref",
                        "'https://example.org/size.json' is not a local reference: a configSchema may only $ref inside"
                                + " itself (#/$defs/...)"));
    }

    @Test
    void shouldRejectLocalRefThatDoesNotResolve() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    $ref: "#/$defs/missing"
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec.configSchema.properties.size.$ref",
                        "'#/$defs/missing' does not resolve inside the configSchema"));
    }

    @Test
    void shouldRejectRefThatIsNotAJsonPointer() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    $ref: "#size"
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::message)
                .containsExactly("'#size' must be a JSON pointer such as #/$defs/name");
    }

    @Test
    void shouldAcceptRefIntoDefs() {
        // Given
        BlueprintDoc doc = withSchema("""
                $schema: https://json-schema.org/draft/2020-12/schema
                type: object
                additionalProperties: false
                properties:
                  volume:
                    $ref: "#/$defs/volume"
                    x-order: 1
                $defs:
                  volume:
                    type: object
                    additionalProperties: false
                    properties:
                      size:
                        type: string
                        pattern: "^[0-9]+Gi$"
                        default: 10Gi
                """);

        // When
        BlueprintReader.Read read = doc.accepted();

        // Then
        assertThat(read.blueprint().spec().configSchema()).containsKeys("properties", "$defs");
    }

    @Test
    void shouldValidateDefaultsInsideDefs() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  volume:
                    $ref: "#/$defs/volume"
                $defs:
                  volume:
                    type: object
                    properties:
                      size:
                        type: string
                        pattern: "^[0-9]+Gi$"
                        default: ten
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then: the default itself, and the defaults as a whole
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactlyInAnyOrder(
                        tuple(
                                doc.lineOf("default: ten"),
                                "spec.configSchema.$defs.volume.properties.size.default",
                                "default does not validate: does not match the regex pattern ^[0-9]+Gi$"),
                        tuple(
                                doc.lineOf("configSchema:"),
                                "spec.configSchema",
                                "the defaults do not validate: volume.size: does not match the regex pattern ^[0-9]+Gi$"));
    }

    @Test
    void shouldReportDefaultThatViolatesItsMinimumAtThatField() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  replicas:
                    type: integer
                    minimum: 1
                    default: 0
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .contains(tuple(
                        doc.lineOf("default: 0"),
                        "spec.configSchema.properties.replicas.default",
                        "default does not validate: must have a minimum value of 1"));
    }

    @Test
    void shouldReportNestedDefaultOfWrongTypeAtThatField() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  backup:
                    type: object
                    properties:
                      retention:
                        type: string
                        default: 30
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field)
                .containsExactlyInAnyOrder(
                        "spec.configSchema.properties.backup.properties.retention.default", "spec.configSchema");
        assertThat(problems)
                .filteredOn(p -> p.field().equals("spec.configSchema"))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .startsWith("the defaults do not validate: backup.retention: ");
    }

    @Test
    void shouldRejectSecretWithDefault() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  password:
                    type: string
                    x-secret: true
                    default: correct-horse-battery
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("default: correct-horse-battery"),
                        "spec.configSchema.properties.password.default",
                        "a secret field cannot carry 'default': its value would end up in Git"));
    }

    @Test
    void shouldRejectSecretWithEnumOrExamples() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  token:
                    type: string
                    x-secret: true
                    enum: [a, b]
                    examples: [a]
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field)
                .containsExactlyInAnyOrder(
                        "spec.configSchema.properties.token.enum", "spec.configSchema.properties.token.examples");
    }

    @Test
    void shouldRejectSecretThatIsNotAString() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  pin:
                    type: integer
                    x-secret: true
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("pin:"),
                        "spec.configSchema.properties.pin",
                        "a secret field must be of type string"));
    }

    @Test
    void shouldRejectPasswordWidgetWithoutSecret() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  password:
                    type: string
                    x-widget: password
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec.configSchema.properties.password.x-widget",
                        "the password widget is for secrets: set x-secret: true"));
    }

    @Test
    void shouldAcceptPasswordWidgetOnSecretString() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  password:
                    type: string
                    minLength: 12
                    x-secret: true
                    x-widget: password
                """);

        // When
        BlueprintReader.Read read = doc.accepted();

        // Then
        assertThat(read.blueprint().spec().configSchema().get("properties"))
                .isEqualTo(Map.of(
                        "password",
                        Map.of("type", "string", "minLength", 12L, "x-secret", true, "x-widget", "password")));
    }

    @Test
    void shouldRejectInvalidSchemaThroughTheMetaSchema() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    type: 12
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).isNotEmpty().allSatisfy(p -> {
            assertThat(p.field()).isEqualTo("spec.configSchema.properties.size.type");
            assertThat(p.line()).isEqualTo(doc.lineOf("type: 12"));
            assertThat(p.message()).startsWith("not a valid JSON Schema 2020-12: ");
        });
    }

    @Test
    void shouldRejectPropertiesThatAreNotSchemas() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size: 12
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.configSchema.properties.size", "must be a schema (an object or a boolean)"));
    }

    @Test
    void shouldRejectUnknownFormat() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  when:
                    type: string
                    format: datetime
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.configSchema.properties.when.format");
            assertThat(p.message())
                    .startsWith("unknown format 'datetime'; expected one of [")
                    .contains("date-time");
        });
    }

    @Test
    void shouldRejectDefinitionsAndPointToDefs() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  size:
                    $ref: "#/definitions/size"
                definitions:
                  size:
                    type: integer
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("definitions:"),
                        "spec.configSchema.definitions",
                        "unknown keyword 'definitions' (use '$defs' (JSON Schema 2020-12))"));
    }

    @Test
    void shouldRejectOtherDraftInSchemaKeyword() {
        // Given
        BlueprintDoc doc = withSchema("""
                $schema: http://json-schema.org/draft-07/schema#
                type: object
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec.configSchema.$schema",
                        "must be 'https://json-schema.org/draft/2020-12/schema' (JSON Schema 2020-12)"));
    }

    @Test
    void shouldRejectConfigThatIsNotAnObject() {
        // Given
        BlueprintDoc doc = withSchema("type: string\n");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.configSchema.type", "the config of an Application is an object: use 'object'"));
    }

    @Test
    void shouldRejectIdBecauseConfigSchemaIsSelfContained() {
        // Given
        BlueprintDoc doc = withSchema("""
                $id: https://example.org/config.json
                type: object
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.configSchema.$id", "'$id' is not supported: a configSchema is self-contained"));
    }

    @Test
    void shouldLintSchemasInsideCombinators() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  mode:
                    oneOf:
                      - type: string
                        widget: text
                      - type: integer
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field)
                .containsExactly("spec.configSchema.properties.mode.oneOf[0].widget");
    }

    @Test
    void shouldAcceptDefaultOfPropertyWhoseNameHoldsAPercentSign() {
        // Given
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  "100%":
                    type: string
                    default: full
                """);

        // When
        BlueprintReader.Result result = doc.read();

        // Then
        assertThat(result).isInstanceOf(BlueprintReader.Read.class);
    }

    @Test
    void shouldCheckDefaultAgainstItsOwnPropertyWhenTheNameLooksPercentEncoded() {
        // Given: '%41' decodes to 'A', so 'a%41' must not be confused with 'aA'
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  "a%41":
                    type: string
                    default: text
                  aA:
                    type: integer
                """);

        // When
        BlueprintReader.Result result = doc.read();

        // Then
        assertThat(result).isInstanceOf(BlueprintReader.Read.class);
    }

    @Test
    void shouldReportDefaultsThatFailAtTheTopWithoutAnEmptyFieldName() {
        // Given: the default of 'a' makes the conditional require 'b', which has no default
        BlueprintDoc doc = withSchema("""
                type: object
                properties:
                  a:
                    type: integer
                    default: 1
                  b:
                    type: string
                if:
                  properties:
                    a:
                      const: 1
                then:
                  required: [b]
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.configSchema", "the defaults do not validate: missing required field 'b'"));
    }
}
