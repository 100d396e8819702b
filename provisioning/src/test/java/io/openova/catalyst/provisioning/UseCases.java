package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.YamlReader;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.gitops.Snapshot;
import io.openova.catalyst.identity.secrets.InMemorySecretStore;
import io.openova.catalyst.identity.secrets.SecretStore;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import io.openova.catalyst.provisioning.compose.ApplicationRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The provisioning use cases wired the way the server wires them, on real parts: a catalog loaded from Blueprint
 * folders, local Git repositories in a temporary folder with a fixed clock, a secret store, operation and request ids
 * from counters. One Environment, {@code acme/dev}, unless a test creates more.
 */
final class UseCases implements AutoCloseable {
    static final EnvironmentRef ENV = new EnvironmentRef("acme", "dev");
    static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
    static final String ACTOR = "alice";

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final Catalog catalog;
    final LocalEnvironmentRepositories repositories;
    final SecretStore secrets;
    final Provisioning provisioning;
    final RecordingPublisher events = new RecordingPublisher();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private UseCases(Path root, Catalog catalog, SecretStore secrets) {
        this.root = root;
        this.catalog = catalog;
        this.repositories = new LocalEnvironmentRepositories(root, Clock.fixed(NOW, ZoneOffset.UTC));
        this.secrets = secrets;
        this.provisioning = provisioning(UnaryOperator.identity());
    }

    /** The built-in catalog ({@code blueprints/}), an in-memory secret store, and {@link #ENV} created. */
    static UseCases builtin(Path root) {
        return started(root, Catalogs.BUILTIN, new InMemorySecretStore());
    }

    /** The built-in catalog with {@code secrets}, and {@link #ENV} created. */
    static UseCases builtin(Path root, SecretStore secrets) {
        return started(root, Catalogs.BUILTIN, secrets);
    }

    /**
     * The small catalog of {@code src/test/resources/usecases/catalog}: {@code cnpg}, {@code valkey}, {@code temporal}
     * (needs cnpg), the composites {@code datastack} (cnpg + valkey) and {@code workflows} (cnpg + temporal).
     */
    static UseCases composites(Path root) {
        return started(root, Catalogs.COMPOSITES, new InMemorySecretStore());
    }

    private static UseCases started(Path root, Catalog catalog, SecretStore secrets) {
        UseCases useCases = new UseCases(root, catalog, secrets);
        try {
            useCases.provisioning.createEnvironment(ENV, useCases.request());
        } catch (ProvisioningException e) {
            throw new IllegalStateException(e);
        }
        return useCases;
    }

    /** Another Provisioning on the same repositories and secret store, seeing the repositories through {@code wrap}. */
    Provisioning provisioning(UnaryOperator<EnvironmentRepositories> wrap) {
        return new Provisioning(
                () -> catalog,
                wrap.apply(repositories),
                secrets,
                () -> "op-" + operations.incrementAndGet(),
                events,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    // ---- requests ----

    RequestContext request() {
        return new RequestContext(Optional.empty(), nextRequestId(), ACTOR, false);
    }

    RequestContext keyed(String idempotencyKey) {
        return new RequestContext(Optional.of(idempotencyKey), nextRequestId(), ACTOR, false);
    }

    RequestContext preview() {
        return new RequestContext(Optional.empty(), nextRequestId(), ACTOR, true);
    }

    private String nextRequestId() {
        return "req-" + requests.incrementAndGet();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Operation.Install installOp(String name, String blueprint, String config) {
        return new Operation.Install(name, blueprint, Optional.empty(), json(config));
    }

    static Operation.Reconfigure reconfigureOp(String name, String config) {
        return new Operation.Reconfigure(name, json(config));
    }

    // ---- shortcuts for the common case: a plain request on ENV ----

    Outcome apply(Operation operation) throws ProvisioningException {
        return provisioning.apply(ENV, operation, request());
    }

    Outcome install(String name, String blueprint) throws ProvisioningException {
        return apply(installOp(name, blueprint, "{}"));
    }

    Outcome install(String name, String blueprint, String config) throws ProvisioningException {
        return apply(installOp(name, blueprint, config));
    }

    // ---- reading the Environment back ----

    Snapshot head() {
        return repositories.head(ENV);
    }

    /** Every commit of the branch, newest first. */
    List<CommitInfo> log() {
        return repositories.log(ENV, 10_000);
    }

    CommitInfo lastCommit() {
        return repositories.log(ENV, 1).getFirst();
    }

    /** The files of HEAD as text, by path. */
    SortedMap<String, String> tree() {
        return text(head().files());
    }

    static SortedMap<String, String> text(SortedMap<String, byte[]> files) {
        SortedMap<String, String> out = new TreeMap<>();
        files.forEach((path, bytes) -> out.put(path, new String(bytes, StandardCharsets.UTF_8)));
        return out;
    }

    JsonNode yaml(String path) {
        byte[] bytes = head().files().get(path);
        assertThat(bytes).as("file %s at HEAD", path).isNotNull();
        try {
            return new YamlReader().read(path, bytes).root();
        } catch (YamlReader.YamlException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Application records at HEAD, by name. */
    Map<String, ApplicationRecord> records() {
        Map<String, ApplicationRecord> out = new TreeMap<>();
        head().files().forEach((path, bytes) -> {
            if (path.startsWith(ApplicationRecords.FOLDER + "/")) {
                ApplicationRecord record = ApplicationRecords.read(path, bytes);
                out.put(record.name(), record);
            }
        });
        return out;
    }

    Optional<String> secret(String application, String property) {
        return secrets.get(Provisioning.secretKey(ENV, application)).map(properties -> properties.get(property));
    }

    /** Everything a request could have written: the branch, its history, its tree and the secret store. */
    record State(String head, int commits, SortedMap<String, String> tree, Map<String, Map<String, String>> secrets) {}

    State state() {
        Map<String, Map<String, String>> stored = new TreeMap<>();
        for (String key : secrets.list("")) {
            secrets.get(key).ifPresent(properties -> stored.put(key, new TreeMap<>(properties)));
        }
        Snapshot head = head();
        return new State(head.commitId(), log().size(), text(head.files()), stored);
    }

    /** The exception {@code call} throws, asserted to be a {@link ProvisioningException}. */
    static ProvisioningException refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ProvisioningException.class);
        return (ProvisioningException) thrown;
    }

    @Override
    public void close() {
        repositories.close();
        if (secrets instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The catalogs, loaded once per test run. */
    private static final class Catalogs {
        static final Catalog BUILTIN = load(Path.of("..", "blueprints"), false);
        static final Catalog COMPOSITES = load(Path.of("src", "test", "resources", "usecases", "catalog"), true);

        private static Catalog load(Path folder, boolean strict) {
            try {
                CatalogLoader.LoadResult result =
                        new CatalogLoader().load(List.of(new DirectoryBlueprintSource("builtin", folder)));
                if (strict) {
                    assertThat(result.problems()).as("problems of %s", folder).isEmpty();
                }
                return result.catalog();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
