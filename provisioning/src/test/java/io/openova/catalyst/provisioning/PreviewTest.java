package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.gitops.diff.FileDiff;
import io.openova.catalyst.gitops.diff.FileDiff.Change;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A preview answers with the exact diff the operation would commit, and writes nothing: no commit, no secret. */
class PreviewTest extends BuiltinUseCasesTest {
    private static final String PASSWORD = "the-first-password";

    private String empty;

    @BeforeEach
    void start() throws ProvisioningException {
        empty = useCases.head().commitId();
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"" + PASSWORD + "\"}");
        useCases.install("cache", "valkey");
    }

    private Outcome preview(Operation operation) throws ProvisioningException {
        return useCases.provisioning.apply(ENV, operation, useCases.preview());
    }

    private static FileDiff diffOf(Outcome outcome, String path) {
        return outcome.diff().stream()
                .filter(d -> d.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no diff for " + path + " in " + outcome.diff()));
    }

    @Test
    void shouldShowTheFilesAnInstallWouldAddWithoutCommittingOrStoringSecretsWhenPreviewing() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = preview(UseCases.installOp(
                "chat", "librechat", "{\"replicas\": 3, \"endpoint\": {\"apiKey\": \"sk-preview-only-key\"}}"));

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secrets.get(Provisioning.secretKey(ENV, "chat"))).isEmpty();
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.action()).isEqualTo("install");
        assertThat(outcome.commitId()).isEqualTo(before.head());
        assertThat(outcome.applications()).extracting(ApplicationRecord::name).containsExactly("cache", "chat", "db");
        assertThat(outcome.diff())
                .extracting(FileDiff::path, FileDiff::change)
                .contains(
                        tuple(".catalyst/applications/chat.yaml", Change.ADDED),
                        tuple("dependencies/chat/source.yaml", Change.ADDED),
                        tuple("resources/chat/externalsecret.yaml", Change.ADDED),
                        tuple("resources/chat/helmrelease.yaml", Change.ADDED),
                        tuple("resources/kustomization.yaml", Change.MODIFIED));
        assertThat(diffOf(outcome, "resources/chat/helmrelease.yaml").unified())
                .startsWith("--- /dev/null\n+++ b/resources/chat/helmrelease.yaml\n@@ -0,0 +1,")
                .contains("\n+    replicaCount: 3\n")
                .doesNotContain("sk-preview-only-key");
        assertThat(diffOf(outcome, "resources/kustomization.yaml").unified()).contains("\n+  - chat\n");
    }

    @Test
    void shouldShowTheChangedValuesWithoutCommittingOrStoringTheNewSecretWhenPreviewingAReconfigure() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = preview(
                UseCases.reconfigureOp("db", "{\"instances\": 5, \"superuserPassword\": \"a-brand-new-password\"}"));

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.action()).isEqualTo("reconfigure");
        assertThat(outcome.diff())
                .extracting(FileDiff::path, FileDiff::change)
                .containsExactly(
                        tuple(".catalyst/applications/db.yaml", Change.MODIFIED),
                        tuple("manifests/db/cluster-db.yaml", Change.MODIFIED),
                        tuple("resources/db/externalsecret.yaml", Change.MODIFIED));
        assertThat(diffOf(outcome, "resources/db/externalsecret.yaml").unified())
                .contains("\n-    force-sync: ", "\n+    force-sync: " + outcome.operationId() + "\n")
                .doesNotContain("a-brand-new-password");
        assertThat(diffOf(outcome, "manifests/db/cluster-db.yaml").unified())
                .startsWith("--- a/manifests/db/cluster-db.yaml\n+++ b/manifests/db/cluster-db.yaml\n@@ ")
                .contains("\n-  instances: 3\n+  instances: 5\n")
                .doesNotContain("a-brand-new-password");
    }

    @Test
    void shouldShowTheNewValuesWithoutCommittingWhenPreviewingAnUpgrade() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = preview(
                new Operation.Upgrade("cache", "1.0.0", Optional.of(UseCases.json("{\"maxMemory\": \"2gb\"}"))));

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.action()).isEqualTo("upgrade");
        assertThat(outcome.commitId()).isEqualTo(before.head());
        assertThat(outcome.diff())
                .extracting(FileDiff::path, FileDiff::change)
                .containsExactly(
                        tuple(".catalyst/applications/cache.yaml", Change.MODIFIED),
                        tuple("resources/cache/helmrelease.yaml", Change.MODIFIED));
        assertThat(diffOf(outcome, "resources/cache/helmrelease.yaml").unified())
                .contains("\n-      maxmemory 512mb\n+      maxmemory 2gb\n");
    }

    @Test
    void shouldShowTheFilesAnUninstallWouldDeleteWithoutCommittingOrDeletingSecretsWhenPreviewing() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = preview(new Operation.Uninstall("db"));

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.action()).isEqualTo("uninstall");
        assertThat(outcome.applications()).extracting(ApplicationRecord::name).containsExactly("cache");
        assertThat(outcome.diff())
                .extracting(FileDiff::path, FileDiff::change)
                .containsExactly(
                        tuple(".catalyst/applications/db.yaml", Change.DELETED),
                        tuple("dependencies/db/kustomization.yaml", Change.DELETED),
                        tuple("dependencies/db/namespace.yaml", Change.DELETED),
                        tuple("dependencies/db/source.yaml", Change.DELETED),
                        tuple("dependencies/kustomization.yaml", Change.MODIFIED),
                        tuple("manifests/db/cluster-db.yaml", Change.DELETED),
                        tuple("manifests/db/kustomization.yaml", Change.DELETED),
                        tuple("manifests/kustomization.yaml", Change.MODIFIED),
                        tuple("resources/db/externalsecret.yaml", Change.DELETED),
                        tuple("resources/db/helmrelease.yaml", Change.DELETED),
                        tuple("resources/db/kustomization.yaml", Change.DELETED),
                        tuple("resources/kustomization.yaml", Change.MODIFIED));
        assertThat(diffOf(outcome, ".catalyst/applications/db.yaml").unified())
                .startsWith("--- a/.catalyst/applications/db.yaml\n+++ /dev/null\n@@ -1,")
                .contains("\n-  blueprint: cnpg\n");
    }

    @Test
    void shouldShowWhatARollbackWouldRemoveWithoutCommittingOrDeletingSecretsWhenPreviewing() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = preview(new Operation.Rollback(empty));

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.action()).isEqualTo("rollback");
        assertThat(outcome.applications()).isEmpty();
        assertThat(outcome.diff())
                .extracting(FileDiff::path)
                .contains(".catalyst/applications/cache.yaml", ".catalyst/applications/db.yaml")
                .allMatch(path -> path.contains("db") || path.contains("cache") || path.endsWith("kustomization.yaml"));
        assertThat(outcome.diff())
                .filteredOn(d -> d.path().startsWith(".catalyst/"))
                .extracting(FileDiff::change)
                .containsOnly(Change.DELETED);
    }

    @Test
    void shouldReportNoChangeWhenPreviewingAnOperationThatChangesNothing() throws Exception {
        // When
        Outcome outcome = preview(new Operation.Upgrade("cache", "1.0.0", Optional.empty()));

        // Then
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.diff()).isEmpty();
        assertThat(outcome.commitId()).isEqualTo(useCases.head().commitId());
    }

    @Test
    void shouldIgnoreTheIdempotencyKeyOfAnEarlierRequestWhenPreviewing() throws Exception {
        // Given
        useCases.provisioning.apply(ENV, UseCases.installOp("web", "valkey", "{}"), useCases.keyed("key-web"));

        // When
        Outcome outcome = useCases.provisioning.apply(
                ENV,
                UseCases.installOp("web2", "valkey", "{}"),
                new RequestContext(Optional.of("key-web"), "req-preview", "alice", true));

        // Then: the preview shows what installing web2 would do, not the stored result of the earlier request
        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.preview()).isTrue();
        assertThat(outcome.diff()).extracting(FileDiff::path).contains(".catalyst/applications/web2.yaml");
    }
}
