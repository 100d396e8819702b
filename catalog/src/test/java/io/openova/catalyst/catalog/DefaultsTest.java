package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefaultsTest {

    private static JsonNode json(String text) throws Exception {
        return JsonSchemas.mapper().readTree(text.replace('\'', '"'));
    }

    private static ObjectNode object(String text) throws Exception {
        return (ObjectNode) json(text);
    }

    private static final String SCHEMA = """
            {
              'type': 'object',
              'properties': {
                'instances': {'type': 'integer', 'default': 3},
                'version': {'type': 'string', 'default': '17'},
                'password': {'type': 'string', 'x-secret': true},
                'backup': {
                  'type': 'object',
                  'properties': {
                    'enabled': {'type': 'boolean', 'default': true},
                    'retention': {'type': 'string', 'default': '30d'},
                    'target': {
                      'type': 'object',
                      'properties': {'bucket': {'type': 'string', 'default': 'backups'}}
                    }
                  }
                },
                'storage': {'$ref': '#/$defs/volume', 'x-order': 3},
                'labels': {'type': 'object'}
              },
              '$defs': {
                'volume': {
                  'type': 'object',
                  'properties': {
                    'size': {'type': 'string', 'default': '10Gi'},
                    'storageClass': {'type': 'string'}
                  }
                }
              }
            }
            """;

    @Test
    void shouldFillTopLevelAndNestedDefaultsIntoEmptyConfig() throws Exception {
        // Given
        JsonNode schema = json(SCHEMA);

        // When
        JsonNode config = Defaults.apply(schema, object("{}"));

        // Then
        assertThat(config).isEqualTo(json("""
                        {
                          'instances': 3,
                          'version': '17',
                          'backup': {'enabled': true, 'retention': '30d', 'target': {'bucket': 'backups'}},
                          'storage': {'size': '10Gi'}
                        }
                        """));
    }

    @Test
    void shouldFollowRefsToDefaultsInDefs() throws Exception {
        // Given
        JsonNode schema = json(SCHEMA);

        // When
        JsonNode config = Defaults.apply(schema, object("{'storage': {'storageClass': 'fast'}}"));

        // Then
        assertThat(config.get("storage")).isEqualTo(json("{'size': '10Gi', 'storageClass': 'fast'}"));
    }

    @Test
    void shouldKeepUserValuesAndFillOnlyWhatIsMissing() throws Exception {
        // Given
        JsonNode schema = json(SCHEMA);
        ObjectNode user = object("{'instances': 5, 'backup': {'enabled': false}, 'labels': {'team': 'a'}}");

        // When
        JsonNode config = Defaults.apply(schema, user);

        // Then
        assertThat(config.get("instances").asInt()).isEqualTo(5);
        assertThat(config.get("backup"))
                .isEqualTo(json("{'enabled': false, 'retention': '30d', 'target': {'bucket': 'backups'}}"));
        assertThat(config.get("labels")).isEqualTo(json("{'team': 'a'}"));
    }

    @Test
    void shouldKeepExplicitNullAndFalsyUserValues() throws Exception {
        // Given
        JsonNode schema = json(SCHEMA);
        ObjectNode user = object("{'instances': 0, 'version': '', 'backup': {'enabled': false, 'retention': null}}");

        // When
        JsonNode config = Defaults.apply(schema, user);

        // Then
        assertThat(config.get("instances").asInt()).isZero();
        assertThat(config.get("version").asText()).isEmpty();
        assertThat(config.at("/backup/retention").isNull()).isTrue();
    }

    @Test
    void shouldNotChangeTheConfigItWasGiven() throws Exception {
        // Given
        JsonNode schema = json(SCHEMA);
        ObjectNode user = object("{'backup': {}}");

        // When
        Defaults.apply(schema, user);

        // Then
        assertThat(user).isEqualTo(json("{'backup': {}}"));
    }

    @Test
    void shouldPreferDefaultNextToRefOverTheReferencedDefaults() throws Exception {
        // Given
        JsonNode schema = json("""
                {
                  'type': 'object',
                  'properties': {'storage': {'$ref': '#/$defs/volume', 'default': {'size': '1Gi'}}},
                  '$defs': {'volume': {'type': 'object', 'properties': {'size': {'type': 'string', 'default': '10Gi'}}}}
                }
                """);

        // When
        JsonNode config = Defaults.apply(schema, object("{}"));

        // Then
        assertThat(config).isEqualTo(json("{'storage': {'size': '1Gi'}}"));
    }

    @Test
    void shouldAddNoObjectWhenNothingInsideHasADefault() throws Exception {
        // Given
        JsonNode schema = json("""
                {'type': 'object', 'properties': {'tls': {'type': 'object', 'properties': {'cert': {'type': 'string'}}}}}
                """);

        // When
        JsonNode config = Defaults.apply(schema, object("{}"));

        // Then
        assertThat(config).isEqualTo(json("{}"));
    }

    @Test
    void shouldTerminateOnRecursiveRefs() throws Exception {
        // Given: a tree whose nodes hold children of the same type
        JsonNode schema = json("""
                {
                  'type': 'object',
                  'properties': {'root': {'$ref': '#/$defs/node'}},
                  '$defs': {'node': {'type': 'object', 'properties': {
                    'name': {'type': 'string', 'default': 'n'},
                    'child': {'$ref': '#/$defs/node'}}}}
                }
                """);

        // When
        JsonNode config = Defaults.apply(schema, object("{'root': {'child': {}}}"));

        // Then
        assertThat(config.at("/root/name").asText()).isEqualTo("n");
        assertThat(config.at("/root/child/name").asText()).isEqualTo("n");
    }

    @Test
    void shouldApplyDefaultsOfTreeShapedSchemaWithoutWalkingEveryPath() throws Exception {
        // Given: a binary tree (each node holds two nodes) with no default anywhere
        JsonNode schema = json("""
                {
                  'type': 'object',
                  'properties': {'root': {'$ref': '#/$defs/node'}},
                  '$defs': {'node': {'type': 'object', 'properties': {
                    'left': {'$ref': '#/$defs/node'},
                    'right': {'$ref': '#/$defs/node'}}}}
                }
                """);
        ObjectNode empty = object("{}");

        // When: a guard against a hang, not a speed figure; the work is linear in the size of the schema
        JsonNode config = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Defaults.apply(schema, empty));

        // Then: nothing has a default, so nothing is added
        assertThat(config).isEqualTo(json("{}"));
    }
}
