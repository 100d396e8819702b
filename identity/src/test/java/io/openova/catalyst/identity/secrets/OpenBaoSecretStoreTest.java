package io.openova.catalyst.identity.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link SecretStore}, and what is particular to OpenBao, against {@link FakeOpenBao} with a static
 * token: version history, soft deletes, retries, failures, and secrets kept out of every message.
 */
class OpenBaoSecretStoreTest extends SecretStoreContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenBao bao;
    private final List<OpenBaoSecretStore> opened = new ArrayList<>();

    @BeforeEach
    void startOpenBao() {
        bao = FakeOpenBao.start();
    }

    @AfterEach
    void stopOpenBao() {
        opened.forEach(OpenBaoSecretStore::close);
        bao.close();
    }

    @Override
    SecretStore store() {
        return open(bao.tokenSettings());
    }

    private OpenBaoSecretStore open(OpenBaoSettings settings) {
        OpenBaoSecretStore store = new OpenBaoSecretStore(settings);
        opened.add(store);
        return store;
    }

    /** The API path of a key's data. */
    static String data(String key) {
        return "/v1/secret/data/catalyst/" + key;
    }

    /** The API path of a key's metadata. */
    static String metadata(String key) {
        return "/v1/secret/metadata/catalyst/" + key;
    }

    @Test
    void shouldKeepEveryVersionWhenPutAgainButRemoveThemAllWhenDeleted() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "first"));
        store.put(KEY, properties("password", VALUE));

        // When
        store.delete(KEY);

        // Then
        assertThat(bao.versions("catalyst/" + KEY))
                .as("no old value lingers in the version history")
                .isZero();
        assertThat(store.get(KEY)).isEmpty();
    }

    @Test
    void shouldKeepTheVersionHistoryWhenPutAgain() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "first"));

        // When
        store.put(KEY, properties("password", VALUE));

        // Then
        assertThat(bao.versions("catalyst/" + KEY)).isEqualTo(2);
        assertThat(store.get(KEY)).contains(properties("password", VALUE));
    }

    @Test
    void shouldReturnEmptyWhenTheLatestVersionWasSoftDeleted() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "first"));
        store.put(KEY, properties("password", VALUE));
        bao.softDeleteLatest("catalyst/" + KEY);

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).isEmpty();
    }

    @Test
    void shouldRetryAReadWhenOpenBaoAnswersServerErrors() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));
        bao.failNext("GET", data(KEY), 500, 2, "internal error");
        bao.clearRequests();

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).contains(properties("password", VALUE));
        assertThat(bao.requestLines()).containsExactly("GET " + data(KEY), "GET " + data(KEY), "GET " + data(KEY));
    }

    @Test
    void shouldFailWithTheStatusAndOpenBaosMessageWhenEveryAttemptOfAReadFails() {
        // Given
        SecretStore store = store();
        bao.failNext("GET", data(KEY), 503, OpenBaoApi.MAX_ATTEMPTS, "Vault is sealed");

        // When
        OpenBaoException thrown = catchThrowableOfType(OpenBaoException.class, () -> store.get(KEY));

        // Then
        assertThat(thrown.status()).isEqualTo(503);
        assertThat(thrown)
                .hasMessage("cannot read secret '" + KEY + "': OpenBao answered HTTP 503 to GET " + data(KEY)
                        + ": Vault is sealed");
        assertThat(bao.requestLines()).hasSize(OpenBaoApi.MAX_ATTEMPTS);
    }

    @Test
    void shouldKeepThePreviousEntryAndNotRetryWhenAPutFailsWithAServerError() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "old"));
        bao.failNext("POST", data(KEY), 500, 1, "failed to write to storage");
        bao.clearRequests();

        // When
        OpenBaoException thrown =
                catchThrowableOfType(OpenBaoException.class, () -> store.put(KEY, properties("password", VALUE)));

        // Then
        assertThat(thrown.status()).isEqualTo(500);
        assertThat(thrown)
                .hasMessageStartingWith(
                        "cannot store secret '" + KEY + "': OpenBao answered HTTP 500 to POST " + data(KEY))
                .hasMessageContaining("failed to write to storage")
                .hasMessageNotContaining(VALUE);
        assertThat(bao.requestLines()).containsExactly("POST " + data(KEY));
        assertThat(store.get(KEY)).contains(properties("password", "old"));
    }

    @Test
    void shouldFailWithStatus403AndNeitherValueNorTokenWhenTheTokenIsWrong() {
        // Given
        String wrongToken = "s.not-a-token-of-this-openbao";
        SecretStore store = open(bao.tokenSettings().withAuth(OpenBaoAuth.token(wrongToken)));

        // When
        OpenBaoException thrown =
                catchThrowableOfType(OpenBaoException.class, () -> store.put(KEY, properties("password", VALUE)));

        // Then
        assertThat(thrown.status()).isEqualTo(403);
        assertThat(thrown)
                .hasMessageContaining("HTTP 403 to POST " + data(KEY))
                .hasMessageContaining("permission denied")
                .hasMessageContaining("The token is invalid or expired, or its policies do not grant this path")
                .hasMessageNotContaining(VALUE)
                .hasMessageNotContaining(wrongToken);
        assertThat(bao.versions("catalyst/" + KEY)).isZero();
    }

    @Test
    void shouldNotQuoteAValueWhenOpenBaoEchoesTheRequestBodyInAnError() {
        // Given
        SecretStore store = store();
        bao.failNextEchoingTheBody("POST", data(KEY), 400);

        // When
        Throwable thrown = catchThrowable(
                () -> store.put(KEY, properties("cert", "-----BEGIN-----\nQUJD\n-----END-----\n", "password", VALUE)));

        // Then
        assertThat(thrown)
                .isInstanceOf(OpenBaoException.class)
                .hasMessageContaining("failed to parse request: ")
                .hasMessageContaining("<redacted>")
                .hasMessageNotContaining(VALUE)
                .hasMessageNotContaining("QUJD");
    }

    @Test
    void shouldShowNeitherTokenNorValuesWhenPrintingTheStoreItsSettingsOrAnEntry() {
        // Given
        OpenBaoSettings settings = bao.tokenSettings();
        OpenBaoSecretStore store = open(settings);
        store.put(KEY, properties("password", VALUE));

        // When
        String printed = store + " " + settings + " " + settings.auth() + " "
                + store.get(KEY).orElseThrow();

        // Then
        assertThat(printed)
                .contains("mount=secret", "pathPrefix=catalyst", "token=***", "password=<redacted>")
                .doesNotContain(FakeOpenBao.TOKEN)
                .doesNotContain(VALUE);
    }

    @Test
    void shouldFinishTheJobWhenDeletePrefixIsCalledAgainAfterAFailure() {
        // Given
        SecretStore store = store();
        for (String key : new String[] {"acme/dev/api", "acme/dev/db", "acme/dev/web", "acme/prod/web"}) {
            store.put(key, properties("token", VALUE));
        }
        bao.failNext("DELETE", metadata("acme/dev/db"), 500, OpenBaoApi.MAX_ATTEMPTS, "storage unavailable");
        OpenBaoException failure = catchThrowableOfType(OpenBaoException.class, () -> store.deletePrefix("acme/dev"));

        // When
        store.deletePrefix("acme/dev");

        // Then
        assertThat(failure)
                .hasMessageStartingWith("deleted 1 of the 3 secrets under 'acme/dev', the others are still stored;"
                        + " call deletePrefix again to finish. cannot delete secret 'acme/dev/db'")
                .hasMessageContaining("storage unavailable");
        assertThat(store.list("")).containsExactly("acme/prod/web");
    }

    @Test
    void shouldCallOpenBaoNeverWhenAKeyOrPropertyIsInvalid() {
        // Given
        SecretStore store = store();

        // When
        Throwable put = catchThrowable(() -> store.put("acme/../x", properties("password", VALUE)));
        Throwable property = catchThrowable(() -> store.put(KEY, properties("pass word", VALUE)));

        // Then
        assertThat(put).isInstanceOf(IllegalArgumentException.class);
        assertThat(property).isInstanceOf(IllegalArgumentException.class);
        assertThat(bao.requests()).isEmpty();
    }

    @Test
    void shouldFailNamingThePropertyWhenOpenBaoHoldsAValueThatIsNotAString() throws Exception {
        // Given
        SecretStore store = store();
        bao.write("catalyst/" + KEY, JSON.readTree("{\"password\": \"" + VALUE + "\", \"port\": 5432}"));

        // When
        Throwable thrown = catchThrowable(() -> store.get(KEY));

        // Then
        assertThat(thrown)
                .isInstanceOf(OpenBaoException.class)
                .hasMessage("cannot read secret '" + KEY + "' from OpenBao: property 'port' is a JSON number, not a"
                        + " string; it was written by something else than Catalyst");
    }

    @Test
    void shouldSkipNamesThatAreNotSecretKeysWhenListing() throws Exception {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));
        bao.write("catalyst/acme/dev/Hand_Written", JSON.readTree("{\"password\": \"x\"}"));

        // When
        var keys = store.list("acme");

        // Then
        assertThat(keys).containsExactly(KEY);
    }

    @Test
    void shouldNeitherListNorReadEntriesOutsideThePathPrefix() throws Exception {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));
        bao.write("other-team/acme/dev/postgres", JSON.readTree("{\"password\": \"theirs\"}"));

        // When
        var keys = store.list("");

        // Then
        assertThat(keys).containsExactly(KEY);
        assertThat(bao.requests())
                .allSatisfy(request -> assertThat(request.path()).startsWith("/v1/secret/"))
                .allSatisfy(request -> assertThat(request.path()).contains("/catalyst/"));
    }

    @Test
    void shouldFailSayingTheMountIsNotKvVersion2WhenAWriteIsAnsweredWithoutAVersion() {
        // Given
        SecretStore store = store();
        bao.failNext("POST", data(KEY), 204, 1);

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, properties("password", VALUE)));

        // Then
        assertThat(thrown)
                .isInstanceOf(OpenBaoException.class)
                .hasMessageContaining("'secret' is not a KV version 2 mount")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void shouldFailNamingTheAddressWhenOpenBaoDoesNotAnswer() {
        // Given
        SecretStore store = open(bao.tokenSettings());
        bao.close();

        // When
        Throwable thrown = catchThrowable(() -> store.get(KEY));

        // Then
        assertThat(thrown)
                .isInstanceOf(OpenBaoException.class)
                .hasMessageStartingWith("OpenBao at " + bao.address() + "/ did not answer GET " + data(KEY) + " (after "
                        + OpenBaoApi.MAX_ATTEMPTS + " attempts)");
    }
}
