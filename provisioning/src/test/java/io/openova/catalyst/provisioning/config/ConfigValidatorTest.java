package io.openova.catalyst.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.JsonSchemas;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
    private static Catalog catalog;

    @BeforeAll
    static void loadCatalog() throws Exception {
        catalog = new CatalogLoader()
                .load(List.of(new DirectoryBlueprintSource("builtin", Path.of("..", "blueprints"))))
                .catalog();
    }

    private static Blueprint cnpg() {
        return catalog.get("cnpg").orElseThrow();
    }

    private static JsonNode json(String text) throws Exception {
        return JsonSchemas.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void shouldApplyDefaultsWhenTheConfigIsEmpty() throws Exception {
        ValidatedConfig config = ConfigValidator.validate(cnpg(), json("{}"));

        assertThat(config.effective().path("instances").asInt()).isEqualTo(3);
        assertThat(config.effective().at("/storage/size").asText()).isEqualTo("10Gi");
        assertThat(config.changed()).isEmpty();
        assertThat(config.secrets()).isEmpty();
    }

    @Test
    void shouldKeepOnlyWhatTheUserChangedFromTheDefaults() throws Exception {
        ValidatedConfig config = ConfigValidator.validate(
                cnpg(),
                json("{'instances': 5, 'postgresVersion': '17', 'storage': {'size': '10Gi', 'storageClass': 'fast'}}"));

        assertThat(config.changed()).isEqualTo(Map.of("instances", 5L, "storage", Map.of("storageClass", "fast")));
        assertThat(config.effective().path("instances").asInt()).isEqualTo(5);
    }

    @Test
    void shouldSplitSecretsOutOfTheValues() throws Exception {
        ValidatedConfig config =
                ConfigValidator.validate(cnpg(), json("{'superuserPassword': 'correct-horse-battery'}"));

        assertThat(config.secrets()).containsEntry("superuserPassword", "correct-horse-battery");
        assertThat(config.secretFields()).containsExactly("/superuserPassword");
        assertThat(config.effective().has("superuserPassword")).isFalse();
        assertThat(config.changed()).doesNotContainKey("superuserPassword");
        assertThat(config.toString()).doesNotContain("correct-horse-battery");
    }

    @Test
    void shouldReportEveryViolationAtOnceWithItsPointer() throws Exception {
        InvalidConfigException e = catchThrowableOfType(
                InvalidConfigException.class,
                () -> ConfigValidator.validate(
                        cnpg(),
                        json("{'instances': 0, 'postgresVersion': '9', 'colour': 'red', 'storage': {'size': 'big'}}")));

        assertThat(e.violations())
                .extracting(ConfigViolation::pointer)
                .containsExactly("/colour", "/instances", "/postgresVersion", "/storage/size");
        assertThat(e.violations().getFirst().message()).isEqualTo("unknown field 'colour'");
        assertThat(e.getMessage()).isEqualTo("the config is not valid for Blueprint 'cnpg': 4 problems");
    }

    @Test
    void shouldRefuseAConfigThatIsNotAnObject() throws Exception {
        InvalidConfigException e =
                catchThrowableOfType(InvalidConfigException.class, () -> ConfigValidator.validate(cnpg(), json("[1]")));

        assertThat(e.violations()).containsExactly(new ConfigViolation("", "the config must be a JSON object"));
    }

    @Test
    void shouldRefuseASecretThatIsTooShortWithoutEchoingIt() throws Exception {
        InvalidConfigException e = catchThrowableOfType(
                InvalidConfigException.class,
                () -> ConfigValidator.validate(cnpg(), json("{'superuserPassword': 'short'}")));

        assertThat(e.violations()).extracting(ConfigViolation::pointer).containsExactly("/superuserPassword");
        assertThat(e.violations().getFirst().message()).doesNotContain("short");
    }

    @Test
    void shouldSplitOutASecretThatSitsInsideAList() throws Exception {
        Blueprint gateway = catalog.get("llm-gateway").orElseThrow();

        ValidatedConfig config = ConfigValidator.validate(
                gateway, json("{'providers': [{'name': 'openai', 'apiKey': 'sk-in-a-list-0001'}]}"));

        assertThat(config.secrets()).containsEntry("providers.0.apiKey", "sk-in-a-list-0001");
        assertThat(config.secretFields()).containsExactly("/providers/0/apiKey");
        assertThat(config.effective().toString()).doesNotContain("sk-in-a-list-0001");
        assertThat(config.changed().toString()).doesNotContain("sk-in-a-list-0001");
    }
}
