package io.openova.catalyst.identity.secrets;

import static io.openova.catalyst.identity.secrets.OpenBaoSecretStoreTest.data;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.KEY;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.VALUE;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.identity.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes auth of the OpenBao adapter against {@link FakeOpenBao}: login, logging in again, and its failures. */
class OpenBaoKubernetesAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN = "POST /v1/auth/kubernetes/login";

    @TempDir
    Path temp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private FakeOpenBao bao;
    private Path jwtFile;
    private OpenBaoSecretStore store;

    @BeforeEach
    void start() throws IOException {
        bao = FakeOpenBao.start(clock);
        jwtFile = Files.writeString(temp.resolve("token"), FakeOpenBao.JWT + "\n");
        store = new OpenBaoSecretStore(bao.kubernetesSettings(jwtFile), clock);
    }

    @AfterEach
    void stop() {
        store.close();
        bao.close();
    }

    @Test
    void shouldLogInWithTheRoleAndServiceAccountTokenThenUseTheIssuedToken() throws Exception {
        // When
        store.put(KEY, properties("password", VALUE));

        // Then
        assertThat(bao.requestLines()).containsExactly(LOGIN, "POST " + data(KEY));
        RecordedRequest login = bao.requests().getFirst();
        assertThat(JSON.readTree(login.body()))
                .isEqualTo(JSON.readTree("{\"role\": \"catalyst\", \"jwt\": \"" + FakeOpenBao.JWT + "\"}"));
        assertThat(login.header("X-Vault-Token")).isEmpty();
        assertThat(login.header("Content-Type")).contains("application/json");
        assertThat(bao.requests().get(1).header("X-Vault-Token")).contains(bao.lastIssuedToken());
    }

    @Test
    void shouldLogInOnceWhileTheTokenIsFresh() {
        // Given
        store.put(KEY, properties("password", VALUE));
        clock.advance(FakeOpenBao.DEFAULT_LEASE.dividedBy(2));

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).contains(properties("password", VALUE));
        assertThat(bao.logins()).isEqualTo(1);
    }

    @Test
    void shouldLogInAgainBeforeTheLeaseRunsOut() {
        // Given
        bao.leaseDuration(Duration.ofSeconds(60));
        store.put(KEY, properties("password", VALUE));
        clock.advance(Duration.ofSeconds(50));

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).contains(properties("password", VALUE));
        assertThat(bao.requestLines()).containsExactly(LOGIN, "POST " + data(KEY), LOGIN, "GET " + data(KEY));
    }

    @Test
    void shouldLogInAgainAndResendWhenOpenBaoRefusesARevokedToken() {
        // Given
        store.put(KEY, properties("password", "old"));
        bao.revokeIssuedTokens();
        bao.clearRequests();

        // When
        store.put(KEY, properties("password", VALUE));

        // Then
        assertThat(bao.requestLines()).containsExactly("POST " + data(KEY), LOGIN, "POST " + data(KEY));
        assertThat(store.get(KEY)).contains(properties("password", VALUE));
    }

    @Test
    void shouldReadTheServiceAccountTokenAgainWhenLoggingInAgain() throws Exception {
        // Given
        store.get(KEY);
        String rotated = FakeOpenBao.JWT + "-rotated";
        Files.writeString(jwtFile, rotated);
        bao.acceptJwt(rotated);
        bao.revokeIssuedTokens();
        bao.clearRequests();

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).isEmpty();
        assertThat(bao.requestLines()).containsExactly("GET " + data(KEY), LOGIN, "GET " + data(KEY));
        assertThat(JSON.readTree(bao.requests().get(1).body()).path("jwt").asText())
                .isEqualTo(rotated);
    }

    @Test
    void shouldFailNamingTheRoleButNotTheServiceAccountTokenWhenTheLoginIsRefused() {
        // Given
        bao.acceptJwt("another-service-account-token");

        // When
        OpenBaoException thrown = catchThrowableOfType(OpenBaoException.class, () -> store.get(KEY));

        // Then
        assertThat(thrown.status()).isEqualTo(403);
        assertThat(thrown)
                .hasMessageStartingWith("cannot log in to OpenBao as Kubernetes role 'catalyst': OpenBao answered"
                        + " HTTP 403 to " + LOGIN + ": permission denied")
                .hasMessageContaining("bound to Catalyst's service account name and namespace")
                .hasMessageNotContaining(FakeOpenBao.JWT);
        assertThat(bao.requestLines()).containsExactly(LOGIN);
    }

    @Test
    void shouldFailWithOpenBaosMessageWhenTheRoleIsUnknown() {
        // Given
        OpenBaoSecretStore ghost = new OpenBaoSecretStore(
                bao.kubernetesSettings(jwtFile).withAuth(new OpenBaoAuth.Kubernetes("ghost", "kubernetes", jwtFile)),
                clock);

        // When
        OpenBaoException thrown;
        try (ghost) {
            thrown = catchThrowableOfType(OpenBaoException.class, () -> ghost.get(KEY));
        }

        // Then
        assertThat(thrown.status()).isEqualTo(400);
        assertThat(thrown).hasMessageContaining("invalid role name \"ghost\"");
    }

    @Test
    void shouldFailNamingTheFileWhenTheServiceAccountTokenIsMissing() throws Exception {
        // Given
        Files.delete(jwtFile);

        // When
        OpenBaoException thrown = catchThrowableOfType(OpenBaoException.class, () -> store.get(KEY));

        // Then
        assertThat(thrown)
                .hasMessage("cannot log in to OpenBao as Kubernetes role 'catalyst': cannot read the service-account"
                        + " token file " + jwtFile + " (NoSuchFileException)");
        assertThat(bao.requests()).isEmpty();
    }

    @Test
    void shouldLogInOnlyOnceMoreWhenTheNewTokenIsRefusedToo() {
        // Given
        OpenBaoSecretStore outside =
                new OpenBaoSecretStore(bao.kubernetesSettings(jwtFile).withPathPrefix("not-granted"), clock);

        // When
        OpenBaoException thrown;
        try (outside) {
            thrown = catchThrowableOfType(OpenBaoException.class, () -> outside.get(KEY));
        }

        // Then
        assertThat(thrown.status()).isEqualTo(403);
        assertThat(thrown)
                .hasMessageContaining("permission denied")
                .hasMessageContaining("The policies of OpenBao role 'catalyst' do not grant this path");
        assertThat(bao.logins()).isEqualTo(2);
    }
}
