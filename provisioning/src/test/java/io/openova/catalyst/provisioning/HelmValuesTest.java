package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.catalog.Templates;
import io.openova.catalyst.provisioning.config.ConfigViolation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The IaC depth: the Helm values an Application gets, and the config edited Helm values come from. */
class HelmValuesTest extends BuiltinUseCasesTest {
    private Provisioning.HelmValues values(String blueprint, String config, Optional<JsonNode> edited)
            throws ProvisioningException {
        return useCases.provisioning.helmValues(
                ENV, "cache", blueprint, Optional.empty(), UseCases.json(config), edited);
    }

    @Test
    void shouldRenderTheHelmValuesOfAConfigAndWriteNothing() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Provisioning.HelmValues values = values("valkey", "{\"replicas\": 2}", Optional.empty());

        // Then
        assertThat(values.values().at("/replica/replicas").asInt()).isEqualTo(2);
        assertThat(values.values().at("/valkeyConfig").asText()).contains("maxmemory 512mb");
        assertThat(values.values().at("/auth/usersExistingSecret").asText()).isEqualTo("cache-secrets");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReadTheConfigBackFromEditedValues() throws Exception {
        // Given: the composed values, with replicas and the memory limit edited
        ObjectNode edited =
                (ObjectNode) values("valkey", "{}", Optional.empty()).values();
        ((ObjectNode) edited.get("replica")).put("replicas", 3);
        edited.put("valkeyConfig", edited.get("valkeyConfig").asText().replace("maxmemory 512mb", "maxmemory 1gb"));

        // When
        Provisioning.HelmValues values = values("valkey", "{}", Optional.of(edited));

        // Then
        assertThat(values.config().get("replicas").asInt()).isEqualTo(3);
        assertThat(values.config().get("maxMemory").asText()).isEqualTo("1gb");
        assertThat(values.values().toString()).isEqualTo(edited.toString());
    }

    @Test
    void shouldNameEveryValueTheBlueprintFixes() throws Exception {
        // Given
        ObjectNode edited =
                (ObjectNode) values("valkey", "{}", Optional.empty()).values();
        ((ObjectNode) edited.get("replica")).put("enabled", false);
        edited.put("image", "evil/valkey:latest");

        // When
        ProvisioningException refused = UseCases.refusal(() -> values("valkey", "{}", Optional.of(edited)));

        // Then
        assertThat(refused).isInstanceOf(InvalidValuesProblem.class);
        assertThat(((InvalidValuesProblem) refused).violations())
                .extracting(Templates.Violation::pointer)
                .containsExactlyInAnyOrder("/replica/enabled", "/image");
    }

    @Test
    void shouldRefuseValuesWhoseConfigTheSchemaRefusesAtTheConfigPointer() throws Exception {
        // Given
        ObjectNode edited =
                (ObjectNode) values("valkey", "{}", Optional.empty()).values();
        ((ObjectNode) edited.get("replica")).put("replicas", 99);

        // When
        ProvisioningException refused = UseCases.refusal(() -> values("valkey", "{}", Optional.of(edited)));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(((InvalidConfigProblem) refused).violations())
                .extracting(ConfigViolation::pointer)
                .contains("/replicas");
    }

    @Test
    void shouldRefuseABlueprintWithoutHelmReleaseAndAnUnknownVersion() {
        // When
        ProvisioningException chartless = UseCases.refusal(() -> values("ferretdb", "{}", Optional.empty()));
        ProvisioningException unknown = UseCases.refusal(() -> useCases.provisioning.helmValues(
                ENV, "cache", "valkey", Optional.of("0.1.0"), UseCases.json("{}"), Optional.empty()));

        // Then
        assertThat(chartless.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(chartless).hasMessageContaining("renders no HelmRelease");
        assertThat(unknown.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
    }
}
