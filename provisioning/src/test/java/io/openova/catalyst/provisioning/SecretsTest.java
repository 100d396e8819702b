package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.identity.secrets.EmbeddedSecretStore;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import io.openova.catalyst.provisioning.config.ConfigValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret values live in the secret store (here the embedded, encrypted one) and never in Git: not in a file of any
 * commit, not in a commit message, not in an object nothing references.
 */
class SecretsTest {
    private static final String FIRST_PASSWORD = "first-Sup3r-password";
    private static final String SECOND_PASSWORD = "second-Sup3r-password";
    private static final String API_KEY = "sk-live-4f1c9a7e22b0";
    private static final String MONGO_URI = "mongodb://chat:hunter2hunter2@ferret:27017/chat";

    @TempDir
    Path root;

    private UseCases useCases;

    @BeforeEach
    void start() {
        useCases = UseCases.builtin(root.resolve("git"), new EmbeddedSecretStore(root.resolve("secrets")));
    }

    @AfterEach
    void stop() {
        useCases.close();
    }

    /** Install, reconfigure, roll back and uninstall Applications that have secrets; returns the secret values. */
    private List<String> runTheLifecycle() throws ProvisioningException {
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + FIRST_PASSWORD + "\"}");
        useCases.install(
                "chat",
                "librechat",
                "{\"endpoint\": {\"apiKey\": \"" + API_KEY + "\"}, \"mongoUri\": \"" + MONGO_URI + "\"}");
        String installed = useCases.head().commitId();
        useCases.apply(
                UseCases.reconfigureOp("db", "{\"instances\": 4, \"superuserPassword\": \"" + SECOND_PASSWORD + "\"}"));
        useCases.apply(new Operation.Rollback(installed));
        useCases.apply(new Operation.Uninstall("db"));
        return List.of(FIRST_PASSWORD, SECOND_PASSWORD, API_KEY, MONGO_URI);
    }

    @Test
    void shouldWriteNoSecretValueToAnyCommitMessageOrFileOfTheHistory() throws Exception {
        // Given
        List<String> secretValues = runTheLifecycle();

        // When
        History history = History.read(root.resolve("git").resolve("acme").resolve("dev.git"));

        // Then
        assertThat(history.commits()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(history.blobs()).isNotEmpty();
        assertThat(history.commits()).hasSize(useCases.log().size());
        for (String secret : secretValues) {
            assertThat(history.everything()).as("what Git holds").allSatisfy((where, content) -> assertThat(content)
                    .as(where)
                    .doesNotContain(secret));
        }
    }

    @Test
    void shouldHoldTheCurrentValueInTheSecretStoreWhenTheSecretIsReconfigured() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + FIRST_PASSWORD + "\"}");

        // When
        useCases.apply(UseCases.reconfigureOp("db", "{\"superuserPassword\": \"" + SECOND_PASSWORD + "\"}"));

        // Then
        assertThat(useCases.secrets.get("acme/dev/db")).hasValueSatisfying(properties -> assertThat(properties)
                .containsExactly(Map.entry("superuserPassword", SECOND_PASSWORD)));
        assertThat(String.join("\n", useCases.tree().values())).doesNotContain(SECOND_PASSWORD);
    }

    @Test
    void shouldRemoveTheApplicationsSecretsFromTheStoreWhenUninstalling() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + FIRST_PASSWORD + "\"}");
        useCases.install("chat", "librechat", "{\"endpoint\": {\"apiKey\": \"" + API_KEY + "\"}}");

        // When
        useCases.apply(new Operation.Uninstall("db"));

        // Then
        assertThat(useCases.secrets.get("acme/dev/db")).isEmpty();
        assertThat(useCases.secrets.list("acme/dev")).containsExactly("acme/dev/chat");
    }

    @Test
    void shouldStoreANestedSecretFieldUnderItsDottedPropertyAndReferenceItFromAnExternalSecret() throws Exception {
        // When
        useCases.install("chat", "librechat", "{\"endpoint\": {\"apiKey\": \"" + API_KEY + "\"}}");

        // Then
        assertThat(useCases.secret("chat", "endpoint.apiKey")).contains(API_KEY);
        JsonNode externalSecret = useCases.yaml("resources/chat/externalsecret.yaml");
        assertThat(externalSecret.at("/spec/target/name").asText()).isEqualTo("chat-secrets");
        assertThat(externalSecret.at("/spec/data/0/remoteRef/key").asText()).isEqualTo("acme/dev/chat");
        assertThat(externalSecret.at("/spec/data/0/remoteRef/property").asText())
                .isEqualTo("endpoint.apiKey");
        assertThat(useCases.yaml("resources/chat/helmrelease.yaml")
                        .at("/spec/valuesFrom/0/valuesKey")
                        .asText())
                .isEqualTo("endpoint.apiKey");
        assertThat(useCases.records().get("chat").secrets()).containsExactly("/endpoint/apiKey");
    }

    @Test
    void shouldKeepEverySecretEncryptedInTheFilesOfTheEmbeddedStore() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + FIRST_PASSWORD + "\"}");

        // When
        useCases.close();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root.resolve("secrets"))) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(file.toString(), History.raw(Files.readAllBytes(file)));
            }
        }

        // Then
        assertThat(files)
                .isNotEmpty()
                .allSatisfy((file, content) -> assertThat(content).as(file).doesNotContain(FIRST_PASSWORD));
    }

    /**
     * Rolling back past an uninstall brings back an Application whose secrets the uninstall deleted: its ExternalSecret
     * would point at nothing. Either the rollback is refused, or the secrets are there.
     */
    @Test
    void shouldNotBringBackAnApplicationWithoutItsSecretsWhenRollingBackPastItsUninstall() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + FIRST_PASSWORD + "\"}");
        String installed = useCases.head().commitId();
        useCases.apply(new Operation.Uninstall("db"));

        // When
        Throwable thrown = catchThrowable(() -> useCases.apply(new Operation.Rollback(installed)));

        // Then
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t)
                .isInstanceOf(ProvisioningException.class));
        for (ApplicationRecord record : useCases.records().values()) {
            for (String pointer : record.secrets()) {
                assertThat(useCases.secret(record.name(), ConfigValidator.property(pointer)))
                        .as("secret %s of Application %s, which Git references", pointer, record.name())
                        .isPresent();
            }
        }
    }

    /** Everything a bare repository holds, as text: files of every commit, messages, loose objects, refs and logs. */
    private record History(List<RevCommit> commits, Map<String, String> blobs, Map<String, String> everything) {
        static History read(Path gitDir) throws IOException {
            List<RevCommit> commits = new ArrayList<>();
            Map<String, String> blobs = new TreeMap<>();
            Map<String, String> everything = new TreeMap<>();
            try (Repository repository = new FileRepositoryBuilder()
                            .setGitDir(gitDir.toFile())
                            .setBare()
                            .setMustExist(true)
                            .build();
                    RevWalk walk = new RevWalk(repository);
                    ObjectReader reader = repository.newObjectReader()) {
                for (Ref ref : repository.getRefDatabase().getRefs()) {
                    walk.markStart(walk.parseCommit(ref.getObjectId()));
                }
                for (RevCommit commit : walk) {
                    commits.add(commit);
                    everything.put("message of " + commit.name(), raw(commit.getRawBuffer()));
                    try (TreeWalk tree = new TreeWalk(reader)) {
                        tree.addTree(commit.getTree());
                        tree.setRecursive(true);
                        while (tree.next()) {
                            String where = tree.getPathString() + " at " + commit.name();
                            String content =
                                    raw(reader.open(tree.getObjectId(0)).getBytes());
                            blobs.put(where, content);
                            everything.put(where, content);
                        }
                    }
                }
                try (Stream<Path> files = Files.walk(gitDir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path relative = gitDir.relativize(file);
                        if (isLooseObject(relative)) {
                            ObjectId id =
                                    ObjectId.fromString(relative.getName(1).toString() + relative.getName(2));
                            everything.put(
                                    "object " + id.name(), raw(reader.open(id).getBytes()));
                        } else {
                            everything.put(relative.toString(), raw(Files.readAllBytes(file)));
                        }
                    }
                }
            }
            return new History(commits, blobs, everything);
        }

        private static boolean isLooseObject(Path relative) {
            return relative.getNameCount() == 3
                    && relative.getName(0).toString().equals(Constants.OBJECTS)
                    && relative.getName(1).toString().matches("[0-9a-f]{2}")
                    && relative.getName(2).toString().matches("[0-9a-f]{38}");
        }

        /** Bytes as a string, one char per byte, so that any byte sequence can be searched for. */
        static String raw(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
