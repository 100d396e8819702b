package io.openova.catalyst.identity.secrets;

import static io.openova.catalyst.identity.secrets.OpenBaoSecretStoreTest.metadata;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.KEY;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.VALUE;
import static io.openova.catalyst.identity.secrets.SecretStoreContract.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP calls of the OpenBao adapter, as {@code docs/secrets-openbao.md} documents them: method, path, query,
 * headers and body of each, recorded by {@link FakeOpenBao}.
 */
class OpenBaoApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenBao bao;
    private OpenBaoSecretStore store;

    @BeforeEach
    void start() {
        bao = FakeOpenBao.start();
        store = new OpenBaoSecretStore(bao.tokenSettings().withNamespace("team-a"));
    }

    @AfterEach
    void stop() {
        store.close();
        bao.close();
    }

    private List<String> headersOf(RecordedRequest request) {
        return List.of(
                request.header("X-Vault-Token").orElse("(none)"),
                request.header("X-Vault-Namespace").orElse("(none)"),
                request.header("X-Vault-Request").orElse("(none)"));
    }

    @Test
    void shouldPostTheWholeEntryUnderDataWhenPutting() throws Exception {
        // When
        store.put(KEY, properties("password", VALUE, "user", "app"));

        // Then
        assertThat(bao.requests()).singleElement().satisfies(request -> {
            assertThat(request.line()).isEqualTo("POST /v1/secret/data/catalyst/acme/dev/postgres");
            assertThat(headersOf(request)).containsExactly(FakeOpenBao.TOKEN, "team-a", "true");
            assertThat(request.header("Content-Type")).contains("application/json");
            assertThat(JSON.readTree(request.body()))
                    .isEqualTo(JSON.readTree("{\"data\": {\"password\": \"" + VALUE + "\", \"user\": \"app\"}}"));
        });
    }

    @Test
    void shouldGetTheLatestVersionUnderDataWhenGetting() {
        // Given
        store.put(KEY, properties("password", VALUE));
        bao.clearRequests();

        // When
        store.get(KEY);

        // Then
        assertThat(bao.requests()).singleElement().satisfies(request -> {
            assertThat(request.line()).isEqualTo("GET /v1/secret/data/catalyst/acme/dev/postgres");
            assertThat(headersOf(request)).containsExactly(FakeOpenBao.TOKEN, "team-a", "true");
            assertThat(request.body()).isEmpty();
        });
    }

    @Test
    void shouldReadThePrefixsMetadataThenListFolderByFolderWhenListing() {
        // Given
        for (String key : new String[] {"acme/dev", "acme/dev/web", "acme/dev/web/extra", "acme/prod/web"}) {
            store.put(key, properties("token", VALUE));
        }
        bao.clearRequests();

        // When
        var keys = store.list("acme/dev");

        // Then
        assertThat(keys).containsExactly("acme/dev", "acme/dev/web", "acme/dev/web/extra");
        assertThat(bao.requestLines())
                .containsExactly(
                        "GET /v1/secret/metadata/catalyst/acme/dev",
                        "GET /v1/secret/metadata/catalyst/acme/dev/?list=true",
                        "GET /v1/secret/metadata/catalyst/acme/dev/web/?list=true");
        assertThat(bao.requests()).allSatisfy(request -> {
            assertThat(headersOf(request)).containsExactly(FakeOpenBao.TOKEN, "team-a", "true");
            assertThat(request.body()).isEmpty();
        });
    }

    @Test
    void shouldStartFromThePathPrefixWhenListingEverything() {
        // Given
        store.put(KEY, properties("password", VALUE));
        bao.clearRequests();

        // When
        var keys = store.list("");

        // Then
        assertThat(keys).containsExactly(KEY);
        assertThat(bao.requestLines())
                .containsExactly(
                        "GET /v1/secret/metadata/catalyst/?list=true",
                        "GET /v1/secret/metadata/catalyst/acme/?list=true",
                        "GET /v1/secret/metadata/catalyst/acme/dev/?list=true");
    }

    @Test
    void shouldDeleteTheMetadataAndEveryVersionWhenDeleting() {
        // Given
        store.put(KEY, properties("password", VALUE));
        bao.clearRequests();

        // When
        store.delete(KEY);

        // Then
        assertThat(bao.requests()).singleElement().satisfies(request -> {
            assertThat(request.line()).isEqualTo("DELETE /v1/secret/metadata/catalyst/acme/dev/postgres");
            assertThat(headersOf(request)).containsExactly(FakeOpenBao.TOKEN, "team-a", "true");
            assertThat(request.body()).isEmpty();
        });
    }

    @Test
    void shouldListThenDeleteEachKeyWhenDeletingAPrefix() {
        // Given
        store.put("acme/dev", properties("token", VALUE));
        store.put("acme/dev/web", properties("token", VALUE));
        bao.clearRequests();

        // When
        store.deletePrefix("acme/dev");

        // Then
        assertThat(bao.requestLines())
                .containsExactly(
                        "GET " + metadata("acme/dev"),
                        "GET " + metadata("acme/dev/") + "?list=true",
                        "DELETE " + metadata("acme/dev"),
                        "DELETE " + metadata("acme/dev/web"));
    }

    @Test
    void shouldUseTheConfiguredMountAndPathPrefix() {
        // Given
        bao.grantToken("secret/data/platform/catalyst/*", "create", "update", "read");
        OpenBaoSecretStore prefixed = new OpenBaoSecretStore(bao.tokenSettings().withPathPrefix("platform/catalyst"));

        // When
        try (prefixed) {
            prefixed.put(KEY, properties("password", VALUE));
        }

        // Then
        assertThat(bao.requestLines()).containsExactly("POST /v1/secret/data/platform/catalyst/" + KEY);
        assertThat(bao.versions("platform/catalyst/" + KEY)).isEqualTo(1);
    }
}
