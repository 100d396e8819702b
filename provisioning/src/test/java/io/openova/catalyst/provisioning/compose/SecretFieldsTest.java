package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.catalog.JsonSchemas;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {
    private static final String SCHEMA = """
            {
              'type': 'object',
              'properties': {
                'password': {'type': 'string', 'x-secret': true},
                'backup': {'type': 'object', 'properties': {
                  's3Key': {'type': 'string', 'x-secret': true},
                  'bucket': {'type': 'string', 'default': 'b'}}},
                'token': {'$ref': '#/$defs/secret'},
                'providers': {'type': 'array', 'items': {'type': 'object', 'properties': {
                  'name': {'type': 'string'},
                  'apiKey': {'type': 'string', 'x-secret': true}}}},
                'extra': {'type': 'object', 'additionalProperties': {'$ref': '#/$defs/secret'}}
              },
              '$defs': {'secret': {'type': 'string', 'x-secret': true}}
            }
            """;

    private static JsonNode json(String text) throws Exception {
        return JsonSchemas.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void shouldFindSecretFieldsThroughPropertiesRefsItemsAndAdditionalProperties() throws Exception {
        // Given
        SecretFields fields = new SecretFields(json(SCHEMA));

        // When / Then
        assertThat(fields.isSecret("/password")).isTrue();
        assertThat(fields.isSecret("/backup/s3Key")).isTrue();
        assertThat(fields.isSecret("/token")).isTrue();
        assertThat(fields.isSecret("/providers/3/apiKey")).isTrue();
        assertThat(fields.isSecret("/extra/anything")).isTrue();
        assertThat(fields.isSecret("/backup/bucket")).isFalse();
        assertThat(fields.isSecret("/backup")).isFalse();
        assertThat(fields.isSecret("/providers/x/apiKey")).isFalse();
        assertThat(fields.isSecret("/missing")).isFalse();
        assertThat(fields.isSecret("")).isFalse();
    }

    @Test
    void shouldGiveTheHelmPathOfASecretField() throws Exception {
        // Given
        SecretFields fields = new SecretFields(json(SCHEMA));

        // When / Then
        assertThat(fields.helmPath("/backup/s3Key")).contains("backup.s3Key");
        assertThat(fields.helmPath("/providers/3/apiKey")).contains("providers[3].apiKey");
        assertThat(fields.helmPath("/extra/a~1b")).isEmpty();
        assertThat(SecretFields.property("/providers/3/apiKey")).isEqualTo("providers.3.apiKey");
    }

    @Test
    void shouldFindAndRemoveEverySecretValueOfAConfig() throws Exception {
        // Given
        SecretFields fields = new SecretFields(json(SCHEMA));
        ObjectNode config = (ObjectNode) json("""
                {'password': 'p', 'backup': {'s3Key': 'k', 'bucket': 'b'},
                 'providers': [{'name': 'a', 'apiKey': 'x'}, {'name': 'b'}], 'extra': {'e': 'v'}}
                """);

        // When
        ObjectNode without = fields.without(config);

        // Then
        assertThat(fields.presentIn(config))
                .containsExactly("/password", "/backup/s3Key", "/providers/0/apiKey", "/extra/e");
        assertThat(without)
                .isEqualTo(
                        json("{'backup': {'bucket': 'b'}, 'providers': [{'name': 'a'}, {'name': 'b'}], 'extra': {}}"));
        assertThat(fields.presentIn(without)).isEmpty();
    }
}
