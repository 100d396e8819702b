package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    private static final String SCHEMA = """
            type: object
            properties:
              replicas: {type: integer, default: 1}
              name: {type: string}
              flags: {type: array, items: {type: string}}
              storage: {$ref: "#/$defs/volume"}
              password: {type: string, x-secret: true}
              nested:
                type: object
                properties:
                  token: {type: string, x-secret: true}
                  items:
                    type: array
                    items: {type: object, properties: {port: {type: integer}}}
            $defs:
              volume:
                type: object
                properties:
                  size: {type: string}
            """;

    private static JsonNode yaml(String text) {
        try {
            return new YamlReader()
                    .read("t.yaml", text.getBytes(StandardCharsets.UTF_8))
                    .root();
        } catch (YamlReader.YamlException e) {
            throw new AssertionError(e.problem().format());
        }
    }

    private static Templates.Context context(String config) {
        return new Templates.Context("web", "web-ns", "acme", "prod", "1.2.3", "web-secrets", "rev-1", yaml(config));
    }

    @Test
    void shouldReplaceAConfigReferenceWithTheTypedValue() {
        // Given
        JsonNode template = yaml("""
                replicas: {$config: /replicas}
                flags: {$config: /flags}
                size: {$config: /storage/size}
                """);

        // When
        JsonNode rendered = Templates.render(template, context("{replicas: 3, flags: [a, b], storage: {size: 1Gi}}"));

        // Then
        assertThat(rendered.toString()).isEqualTo("{\"replicas\":3,\"flags\":[\"a\",\"b\"],\"size\":\"1Gi\"}");
    }

    @Test
    void shouldLeaveOutKeysAndItemsWhoseConfigIsUnsetOrEmpty() {
        // Given
        JsonNode template = yaml("""
                name: {$config: /name}
                list: [{$config: /name}, kept]
                class: {$config: /storage/class}
                """);

        // When
        JsonNode rendered = Templates.render(template, context("{name: \"\"}"));

        // Then
        assertThat(rendered.toString()).isEqualTo("{\"list\":[\"kept\"]}");
    }

    @Test
    void shouldInterpolateVariablesAndScalarConfigInsideStrings() {
        // Given
        JsonNode template = yaml("""
                - ${app}.${namespace}.svc
                - ${org}/${env}@${version}
                - ${secretName}@${secretsRevision}
                - "x${config:/replicas}y${config:/name}z"
                - $${app} costs $5
                """);

        // When
        JsonNode rendered = Templates.render(template, context("{replicas: 2}"));

        // Then
        assertThat(rendered.toString())
                .isEqualTo(
                        "[\"web.web-ns.svc\",\"acme/prod@1.2.3\",\"web-secrets@rev-1\",\"x2yz\",\"${app} costs $5\"]");
    }

    @Test
    void shouldRefuseToInterpolateAnObjectIntoAString() {
        // Given
        JsonNode template = yaml("v: \"${config:/storage}\"");

        // When / Then
        assertThatThrownBy(() -> Templates.render(template, context("{storage: {size: 1Gi}}")))
                .isInstanceOf(Templates.TemplateException.class)
                .hasMessage("${config:/storage} is not a single value");
    }

    @Test
    void shouldAcceptReferencesThatTheSchemaHasThroughRefsAndListItems() {
        // Given
        JsonNode template = yaml("""
                a: {$config: /storage/size}
                b: "${config:/nested/items/0/port}"
                c: {$config: /nested/items}
                d: ${app}-${secretName}
                """);

        // When
        List<Templates.Violation> violations = Templates.lint(template, yaml(SCHEMA));

        // Then
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldReportEveryBadExpressionAtItsPointer() {
        // Given
        JsonNode template = yaml("""
                unknown: {$config: /nope}
                secret: {$config: /password}
                nestedSecret: "${config:/nested/token}"
                relative: {$config: replicas}
                extra: {$config: /replicas, other: 1}
                variable: ${cluster}
                object: "${config:/storage}"
                """);

        // When
        List<Templates.Violation> violations = Templates.lint(template, yaml(SCHEMA));

        // Then
        assertThat(violations)
                .extracting(Templates.Violation::pointer, Templates.Violation::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/unknown", "the configSchema has no field at /nope"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/secret",
                                "/password is a secret field: it never reaches Git, so a template cannot use its value;"
                                        + " read it from the Secret ${secretName} instead"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/nestedSecret",
                                "/nested/token is a secret field: it never reaches Git, so a template cannot use its"
                                        + " value; read it from the Secret ${secretName} instead"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/relative", "'replicas' is not a JSON pointer; it starts with '/'"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/extra",
                                "a config reference is a map with the single key $config and a JSON pointer as its"
                                        + " value, e.g. {$config: /replicas}"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/variable",
                                "unknown variable ${cluster}; use one of app, namespace, org, env, version, secretName,"
                                        + " secretsRevision"
                                        + " or config:/pointer"),
                        org.assertj.core.groups.Tuple.tuple(
                                "/object",
                                "${config:/storage} is an object or a list; use {$config: /storage} as the whole"
                                        + " value instead"));
    }
}
