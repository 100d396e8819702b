package io.openova.catalyst.identity.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The behaviour every {@link SecretStore} adapter shares; each adapter's test extends this class. */
abstract class SecretStoreContract {

    static final String KEY = "acme/dev/postgres";
    static final String VALUE = "s3cr3t-Pa55w0rd-7f1c";

    /** A new, empty store; the subclass closes it after the test. */
    abstract SecretStore store();

    static SortedMap<String, String> properties(String... namesAndValues) {
        SortedMap<String, String> properties = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void shouldReturnEveryPropertyWhenKeyWasPut() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("superuserPassword", VALUE, "backup.s3Key", "AKIA-42"));

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).contains(properties("backup.s3Key", "AKIA-42", "superuserPassword", VALUE));
    }

    @Test
    void shouldReturnEmptyWhenKeyWasNeverPut() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        var found = store.get("acme/dev/redis");

        // Then
        assertThat(found).isEmpty();
    }

    @Test
    void shouldKeepValuesExactlyWhenTheyHoldUnicodeNewlinesOrNothing() {
        // Given
        SecretStore store = store();
        SortedMap<String, String> properties =
                properties("cert", "-----BEGIN-----\nQUJD\n-----END-----\n", "empty", "", "motto", "Ünïcødé ✓ 密码");
        store.put(KEY, properties);

        // When
        var found = store.get(KEY);

        // Then
        assertThat(found).contains(properties);
    }

    @Test
    void shouldReplaceTheWholeEntryWhenKeyIsPutAgain() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "old", "token", "old-token"));

        // When
        store.put(KEY, properties("password", "new"));

        // Then
        assertThat(store.get(KEY)).contains(properties("password", "new"));
    }

    @Test
    void shouldNotChangeStoredEntryWhenCallerChangesItsMapAfterPut() {
        // Given
        SecretStore store = store();
        SortedMap<String, String> properties = properties("password", VALUE);
        store.put(KEY, properties);

        // When
        properties.put("password", "changed");

        // Then
        assertThat(store.get(KEY)).contains(properties("password", VALUE));
    }

    @Test
    void shouldKeepOneWholeEntryWhenTheSameKeyIsPutConcurrently() throws Exception {
        // Given
        SecretStore store = store();
        int writers = 16;
        List<SortedMap<String, String>> entries = IntStream.range(0, writers)
                .mapToObj(i -> properties("password", "p" + i, "user" + i, "u" + i))
                .toList();

        // When
        try (ExecutorService executor = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> puts = entries.stream()
                    .<Future<?>>map(entry -> executor.submit(() -> store.put(KEY, entry)))
                    .toList();
            for (Future<?> put : puts) {
                put.get();
            }
        }

        // Then
        assertThat(entries).contains(store.get(KEY).orElseThrow());
    }

    @Test
    void shouldKeepEntriesApartWhenKeysDiffer() {
        // Given
        SecretStore store = store();
        store.put("acme/dev/postgres", properties("password", "one"));

        // When
        store.put("acme/prod/postgres", properties("password", "two"));

        // Then
        assertThat(store.get("acme/dev/postgres")).contains(properties("password", "one"));
        assertThat(store.get("acme/prod/postgres")).contains(properties("password", "two"));
    }

    @Test
    void shouldRemoveOnlyThatEntryWhenDeleted() {
        // Given
        SecretStore store = store();
        store.put("acme/dev/postgres", properties("password", VALUE));
        store.put("acme/dev/postgres/replica", properties("password", VALUE));

        // When
        store.delete("acme/dev/postgres");

        // Then
        assertThat(store.get("acme/dev/postgres")).isEmpty();
        assertThat(store.list("acme")).containsExactly("acme/dev/postgres/replica");
    }

    @Test
    void shouldDoNothingWhenDeletingAnAbsentKey() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        store.delete("acme/dev/redis");

        // Then
        assertThat(store.list("")).containsExactly(KEY);
    }

    @Test
    void shouldListKeysUnderPrefixSortedWhenSeveralExist() {
        // Given
        SecretStore store = store();
        for (String key :
                new String[] {"acme/dev/web", "acme/dev/api", "acme/dev", "acme/prod/api", "globex/dev/api"}) {
            store.put(key, properties("token", VALUE));
        }

        // When
        var keys = store.list("acme/dev");

        // Then
        assertThat(keys).containsExactly("acme/dev", "acme/dev/api", "acme/dev/web");
    }

    @Test
    void shouldMatchWholeSegmentsWhenListingUnderPrefix() {
        // Given
        SecretStore store = store();
        store.put("acme/dev/web", properties("token", VALUE));
        store.put("acme/dev2/web", properties("token", VALUE));
        store.put("acme/dev-x/web", properties("token", VALUE));

        // When
        var keys = store.list("acme/dev");

        // Then
        assertThat(keys).containsExactly("acme/dev/web");
    }

    @Test
    void shouldListEveryKeySortedWhenPrefixIsEmpty() {
        // Given
        SecretStore store = store();
        store.put("b/x", properties("token", VALUE));
        store.put("a-b/x", properties("token", VALUE));
        store.put("a/x", properties("token", VALUE));

        // When
        var keys = store.list("");

        // Then
        assertThat(keys).containsExactly("a-b/x", "a/x", "b/x");
    }

    @Test
    void shouldListNothingWhenNoKeyIsUnderPrefix() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        var keys = store.list("globex");

        // Then
        assertThat(keys).isEmpty();
    }

    @Test
    void shouldDeleteKeyAndNestedKeysButNotSiblingsWhenDeletingPrefix() {
        // Given
        SecretStore store = store();
        for (String key :
                new String[] {"acme/dev", "acme/dev/web", "acme/dev/web/extra", "acme/dev2/web", "acme/prod/web"}) {
            store.put(key, properties("token", VALUE));
        }

        // When
        store.deletePrefix("acme/dev");

        // Then
        assertThat(store.list("")).containsExactly("acme/dev2/web", "acme/prod/web");
    }

    @Test
    void shouldRejectEmptyPrefixWhenDeletingPrefix() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        Throwable thrown = catchThrowable(() -> store.deletePrefix(""));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThat(store.list("")).containsExactly(KEY);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "a//b",
                "Acme/dev",
                "",
                "/acme",
                "acme/",
                "a.b/c",
                "acme/dev/web app",
                "a/b/c/d/e/f/g/h/i"
            })
    void shouldRejectKeyWhenItIsNotASlashSeparatedPathOfLabels(String key) {
        // Given
        SecretStore store = store();

        // When
        Throwable thrown = catchThrowable(() -> store.put(key, properties("password", VALUE)));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secret key");
        assertThat(store.list("")).isEmpty();
    }

    static Stream<Arguments> operationsTakingAKey() {
        Consumer<SecretStore> get = store -> store.get("../x");
        Consumer<SecretStore> delete = store -> store.delete("a//b");
        Consumer<SecretStore> list = store -> store.list("Acme");
        Consumer<SecretStore> deletePrefix = store -> store.deletePrefix("acme/../x");
        return Stream.of(
                Arguments.of("get", get),
                Arguments.of("delete", delete),
                Arguments.of("list", list),
                Arguments.of("deletePrefix", deletePrefix));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsTakingAKey")
    void shouldRejectKeyWhenReadingDeletingOrListingWithAnInvalidKey(String operation, Consumer<SecretStore> call) {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        Throwable thrown = catchThrowable(() -> call.accept(store));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secret key");
        assertThat(store.get(KEY)).contains(properties("password", VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "pass word", ".", "..", "..hidden", "naïve"})
    void shouldRejectPutAndKeepTheOldEntryWhenAPropertyNameIsInvalid(String name) {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", "old"));

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, properties("password", "new", name, VALUE)));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secret property name");
        assertThat(store.get(KEY)).contains(properties("password", "old"));
    }

    @Test
    void shouldRejectPutWithoutNamingTheValueWhenAValueIsTooLarge() {
        // Given
        SecretStore store = store();
        String huge = VALUE.repeat(SecretKeys.MAX_VALUE_BYTES / VALUE.length() + 1);

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, properties("password", VALUE, "blob", huge)));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blob'")
                .hasMessageNotContaining(VALUE);
        assertThat(store.get(KEY)).isEmpty();
    }

    @Test
    void shouldRejectPutWhenAValueIsMissing() {
        // Given
        SecretStore store = store();
        SortedMap<String, String> properties = properties("password", VALUE);
        properties.put("token", null);

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, properties));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret '" + KEY + "' property 'token' has no value");
        assertThat(store.get(KEY)).isEmpty();
    }

    @Test
    void shouldRejectPutAndKeepTheOldEntryWhenPropertiesAreEmpty() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, new TreeMap<>()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one property");
        assertThat(store.get(KEY)).contains(properties("password", VALUE));
    }

    @Test
    void shouldShowNamesButNotValuesWhenPrintingAnEntry() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE, "token", VALUE + "-2"));

        // When
        String printed = store.get(KEY).orElseThrow().toString() + " " + store;

        // Then
        assertThat(printed).contains("{password=<redacted>, token=<redacted>}").doesNotContain(VALUE);
    }

    @Test
    void shouldReturnAnUnmodifiableEntry() {
        // Given
        SecretStore store = store();
        store.put(KEY, properties("password", VALUE));
        SortedMap<String, String> found = store.get(KEY).orElseThrow();

        // When
        Throwable thrown = catchThrowable(() -> found.put("password", "changed"));

        // Then
        assertThat(thrown).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.get(KEY).orElseThrow()).isEqualTo(Map.of("password", VALUE));
    }
}
