package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a specific refusal and changes nothing: no commit, no file, no secret. */
class BadInputTest extends BuiltinUseCasesTest {
    /** 64 characters: one more than a DNS-1123 label may have. */
    private static final String LONG_NAME = "a123456789b123456789c123456789d123456789e123456789f123456789g123";

    @ParameterizedTest
    @ValueSource(strings = {"../x", "Db", "a_b", LONG_NAME, "", "-db", "db-", "a.b", "a/b", ".catalyst"})
    void shouldRefuseAsBadRequestAndWriteNothingWhenInstallingUnderANameThatIsNotALabel(String name) throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> useCases.install(name, "cnpg", "{\"superuserPassword\": \"never-stored-123\"}"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.BAD_REQUEST);
        assertThat(refused).hasMessageStartingWith("Application name");
        assertThat(useCases.state()).isEqualTo(before);
    }

    static Stream<Operation> operationsOnBadNames() {
        return Stream.of("../x", "Db", "a_b", LONG_NAME)
                .flatMap(name -> Stream.of(
                        UseCases.reconfigureOp(name, "{}"),
                        new Operation.Upgrade(name, "1.0.0", Optional.empty()),
                        new Operation.Uninstall(name)));
    }

    @ParameterizedTest
    @MethodSource("operationsOnBadNames")
    void shouldRefuseAsBadRequestWhenChangingAnApplicationUnderANameThatIsNotALabel(Operation operation)
            throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(operation));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.BAD_REQUEST);
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReportNotFoundWhenTheBlueprintIsUnknown() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("db", "no-such-blueprint"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("'no-such-blueprint'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReportNotFoundWhenTheVersionIsUnknown() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(
                () -> useCases.apply(new Operation.Install("db", "cnpg", Optional.of("9.9.9"), UseCases.json("{}"))));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("'9.9.9'").hasMessageContaining("available: 1.0.0");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReportNotFoundAndCreateNothingWhenTheEnvironmentIsUnknown() throws Exception {
        // Given
        EnvironmentRef unknown = new EnvironmentRef("acme", "nowhere");

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.provisioning.apply(
                unknown,
                UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"never-stored-123\"}"),
                useCases.keyed("key-unknown-env")));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("acme/nowhere");
        assertThat(useCases.repositories.exists(unknown)).isFalse();
        assertThat(useCases.repositories.list()).containsExactly(ENV);
        assertThat(useCases.secrets.list("")).isEmpty();
    }

    @Test
    void shouldRefuseAControlPlaneBlueprintAsUnprocessable() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("bao", "openbao"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        assertThat(refused)
                .hasMessageContaining("'openbao'")
                .hasMessageContaining("not installable as an Application")
                .hasMessageContaining("control-plane");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldRefuseWithConflictWhenCreatingAnEnvironmentThatExists() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> useCases.provisioning.createEnvironment(ENV, useCases.request()));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(useCases.state()).isEqualTo(before);
    }
}
