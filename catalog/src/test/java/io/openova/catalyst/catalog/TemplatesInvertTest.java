package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Reading the config back from edited Helm values: what the IaC depth of the console edits. */
class TemplatesInvertTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonNode TEMPLATE = json("""
            {"replica": {"enabled": true, "replicas": {"$config": "/replicas"},
                         "persistence": {"size": {"$config": "/persistence/size"}}},
             "valkeyConfig": "maxmemory ${config:/maxMemory}\\nport ${config:/port}\\n",
             "auth": {"usersExistingSecret": "${secretName}"},
             "ports": [6379]}""");
    private static final JsonNode CONFIG = json("""
            {"replicas": 1, "persistence": {"size": "8Gi"}, "maxMemory": "512mb", "port": 6379}""");
    private static final Templates.Context CONTEXT =
            new Templates.Context("cache", "cache", "acme", "dev", "1.0.0", "cache-secrets", "", CONFIG);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode rendered() {
        return (ObjectNode) Templates.render(TEMPLATE, CONTEXT);
    }

    @Test
    void shouldReadBackTheCurrentConfigFromTheValuesAsRendered() {
        // When
        Templates.Inversion inversion = Templates.invert(TEMPLATE, rendered(), CONTEXT);

        // Then
        assertThat(inversion.violations()).isEmpty();
        assertThat(inversion.config())
                .containsEntry("/replicas", json("1"))
                .containsEntry("/persistence/size", json("\"8Gi\""))
                .containsEntry("/maxMemory", json("\"512mb\""))
                .containsEntry("/port", json("6379"));
    }

    @Test
    void shouldTakeEditedBoundValuesAndValuesReadFromInterpolatedStrings() {
        // Given
        ObjectNode edited = rendered();
        ((ObjectNode) edited.get("replica")).put("replicas", 3);
        edited.put("valkeyConfig", "maxmemory 1gb\nport 6380\n");

        // When
        Templates.Inversion inversion = Templates.invert(TEMPLATE, edited, CONTEXT);

        // Then
        assertThat(inversion.violations()).isEmpty();
        assertThat(inversion.config())
                .containsEntry("/replicas", json("3"))
                .containsEntry("/maxMemory", json("\"1gb\""))
                .containsEntry("/port", json("6380"));
    }

    @Test
    void shouldUnsetAFieldWhoseBoundKeyWasRemoved() {
        // Given
        ObjectNode edited = rendered();
        ((ObjectNode) edited.get("replica").get("persistence")).remove("size");

        // When
        Templates.Inversion inversion = Templates.invert(TEMPLATE, edited, CONTEXT);

        // Then
        assertThat(inversion.violations()).isEmpty();
        assertThat(inversion.config().get("/persistence/size").isNull()).isTrue();
    }

    @Test
    void shouldNameEveryEditTheBlueprintFixesAtItsPointer() {
        // Given
        ObjectNode edited = rendered();
        ((ObjectNode) edited.get("replica")).put("enabled", false);
        ((ObjectNode) edited.get("auth")).put("usersExistingSecret", "mine");
        edited.put("extra", 1);
        edited.remove("ports");
        edited.put("valkeyConfig", "maxmemory 1gb\n");

        // When
        Templates.Inversion inversion = Templates.invert(TEMPLATE, edited, CONTEXT);

        // Then
        assertThat(inversion.violations())
                .extracting(Templates.Violation::pointer)
                .containsExactlyInAnyOrder(
                        "/replica/enabled", "/auth/usersExistingSecret", "/extra", "/ports", "/valkeyConfig");
        assertThat(inversion.violations())
                .filteredOn(v -> v.pointer().equals("/replica/enabled"))
                .singleElement()
                .extracting(Templates.Violation::message)
                .asString()
                .startsWith("is fixed by the Blueprint (true)");
        assertThat(inversion.violations())
                .filteredOn(v -> v.pointer().equals("/valkeyConfig"))
                .singleElement()
                .extracting(Templates.Violation::message)
                .asString()
                .startsWith("must keep the form the Blueprint gives it: maxmemory ${config:/maxMemory}");
    }

    @Test
    void shouldRefuseAWordWhereTheConfigHasANumber() {
        // Given
        ObjectNode edited = rendered();
        edited.put("valkeyConfig", "maxmemory 512mb\nport many\n");

        // When
        Templates.Inversion inversion = Templates.invert(TEMPLATE, edited, CONTEXT);

        // Then
        assertThat(inversion.violations())
                .singleElement()
                .isEqualTo(new Templates.Violation("/valkeyConfig", "'many' is not a number for /port"));
    }
}
