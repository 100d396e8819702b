package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.catalyst.bench.EnvironmentHistory.Commit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class ProvisioningBenchmarkTest {
    private static final ProvisioningBenchmark.Workload WORKLOAD =
            new ProvisioningBenchmark.Workload("bench-0a1b2c", 100, 1000);

    @Test
    void shouldStateBothGoalsMetInRow() {
        // Given: 1,000 installs in 4 s (250/s), raw 1,000 commits in 2 s (500/s), CPU not known
        ProvisioningBenchmark.Measured api = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 4_000_000_000L, 12_340_000L, 45_670_000L, 80_000_000L), OptionalLong.empty());
        ProvisioningBenchmark.Measured raw = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 2_000_000_000L, 1_500_000L, 6_250_000L, 9_000_000L), OptionalLong.empty());

        // When
        ResultsTable.Row row = ProvisioningBenchmark.row(WORKLOAD, 20, api, raw, "2026-01-02");

        // Then
        assertThat(row)
                .isEqualTo(new ResultsTable.Row(
                        "click-to-commit",
                        "250 installs/s, p50 12.3 ms, p99 45.7 ms (1000 installs, 100 envs, 20 clients)",
                        "500 commits/s raw JGit (p50 1.5 ms, p99 6.3 ms)",
                        "0.50 (goal >= 0.50, met; p99 goal < 50 ms, met)",
                        "2026-01-02"));
    }

    @Test
    void shouldNameTheRowOfAnotherClientCountApart() {
        // Given
        ProvisioningBenchmark.Measured api = new ProvisioningBenchmark.Measured(
                new Latencies(200, 4_000_000_000L, 18_000_000L, 30_000_000L, 40_000_000L), OptionalLong.empty());
        ProvisioningBenchmark.Measured raw = new ProvisioningBenchmark.Measured(
                new Latencies(200, 1_000_000_000L, 4_000_000L, 9_000_000L, 12_000_000L), OptionalLong.empty());

        // When
        ResultsTable.Row one = ProvisioningBenchmark.row(WORKLOAD, 1, api, raw, "2026-01-02");
        ResultsTable.Row four = ProvisioningBenchmark.row(WORKLOAD, 4, api, raw, "2026-01-02");

        // Then
        assertThat(one.scenario()).isEqualTo("click-to-commit-1-client");
        assertThat(one.figure()).contains("1000 installs, 100 envs, 1 client)").contains("p99 30.0 ms");
        assertThat(four.scenario()).isEqualTo("click-to-commit-4-clients");
    }

    @Test
    void shouldStateBothGoalsMissedInRow() {
        // Given: 100 installs/s with a p99 of exactly 50 ms, raw 400 commits/s
        ProvisioningBenchmark.Measured api = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 10_000_000_000L, 20_000_000L, 50_000_000L, 70_000_000L), OptionalLong.empty());
        ProvisioningBenchmark.Measured raw = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 2_500_000_000L, 1_000_000L, 3_000_000L, 4_000_000L), OptionalLong.empty());

        // When
        ResultsTable.Row row = ProvisioningBenchmark.row(WORKLOAD, 20, api, raw, "2026-01-02");

        // Then
        assertThat(row.ratio()).isEqualTo("0.25 (goal >= 0.50, missed; p99 goal < 50 ms, missed)");
    }

    @Test
    void shouldAddCpuTimePerOperationWhenKnown() {
        // Given: the server used 21 s of CPU for 1,000 installs, the raw loop's process 3.2 s for 1,000 commits
        ProvisioningBenchmark.Measured api = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 10_000_000_000L, 20_000_000L, 40_000_000L, 70_000_000L),
                OptionalLong.of(21_000_000_000L));
        ProvisioningBenchmark.Measured raw = new ProvisioningBenchmark.Measured(
                new Latencies(1000, 2_500_000_000L, 1_000_000L, 3_000_000L, 4_000_000L),
                OptionalLong.of(3_200_000_000L));

        // When
        ResultsTable.Row row = ProvisioningBenchmark.row(WORKLOAD, 20, api, raw, "2026-01-02");

        // Then
        assertThat(row.figure())
                .isEqualTo("100 installs/s, p50 20.0 ms, p99 40.0 ms"
                        + " (1000 installs, 100 envs, 20 clients; server CPU 21.0 ms each)");
        assertThat(row.reference())
                .isEqualTo("400 commits/s raw JGit (p50 1.0 ms, p99 3.0 ms; process CPU 3.2 ms each)");
    }

    @Test
    void shouldTakeRawRoundWithMedianRate() {
        // Given: rounds of 300, 100 and 200 commits/s
        List<RawJGitLoop.Result> rounds = List.of(raw(300), raw(100), raw(200));

        // When
        RawJGitLoop.Result median = ProvisioningBenchmark.median(rounds);

        // Then
        assertThat(median.latencies().perSecond()).isEqualTo(200.0);
    }

    @Test
    void shouldSpreadInstallsRoundRobinOverEnvironments() {
        // Given
        int install = 1234 % WORKLOAD.installs();

        // When
        String environment = WORKLOAD.environment(WORKLOAD.environmentOf(install));

        // Then
        assertThat(environment).isEqualTo("env-034");
        assertThat(WORKLOAD.application(install)).isEqualTo("app-0234");
    }

    @Test
    void shouldShapeWarmupLikeMeasuredWorkloadInItsOwnOrganization() {
        // Given
        int warmupInstalls = 200;

        // When
        ProvisioningBenchmark.Workload warmup = WORKLOAD.warmup(warmupInstalls);

        // Then
        assertThat(warmup).isEqualTo(new ProvisioningBenchmark.Workload("bench-0a1b2c-warmup", 20, 200));
    }

    @Test
    void shouldFailWhenHistoryLacksCommitAnInstallAnswered() {
        // Given: two Environments, four installs; env-001 lost the commit of install 3
        ProvisioningBenchmark.Workload workload = new ProvisioningBenchmark.Workload("bench-0a1b2c", 2, 4);
        List<String> answered = List.of(id(10), id(11), id(12), id(13));
        List<List<Commit>> histories =
                List.of(List.of(commit(0), commit(10), commit(12)), List.of(commit(1), commit(11), commit(99)));

        // When / Then
        assertThatThrownBy(() -> ProvisioningBenchmark.check(workload, histories, answered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bench-0a1b2c/env-001");
    }

    @Test
    void shouldAcceptHistoriesHoldingExactlyTheAnsweredCommits() {
        // Given: env-000 committed install 2 before install 0
        ProvisioningBenchmark.Workload workload = new ProvisioningBenchmark.Workload("bench-0a1b2c", 2, 4);
        List<String> answered = List.of(id(10), id(11), id(12), id(13));
        List<List<Commit>> histories = new ArrayList<>();
        histories.add(List.of(commit(0), commit(12), commit(10)));
        histories.add(List.of(commit(1), commit(11), commit(13)));

        // When / Then
        assertThatCode(() -> ProvisioningBenchmark.check(workload, histories, answered))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldTakeDefaultsOfIssueWorkload() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080", "--data-dir", "/tmp/data"};

        // When
        ProvisioningBenchmark.Settings settings = ProvisioningBenchmark.Settings.parse(args);

        // Then
        assertThat(settings.clients()).isEqualTo(20);
        assertThat(settings.environments()).isEqualTo(100);
        assertThat(settings.installs()).isEqualTo(1000);
        assertThat(settings.blueprint()).isEqualTo("valkey");
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/data"));
        assertThat(settings.server()).isEmpty();
    }

    @Test
    void shouldRequireDataDirectoryOfServer() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080"};

        // When / Then
        assertThatThrownBy(() -> ProvisioningBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-dir is required");
    }

    @Test
    void shouldRefuseFewerInstallsThanEnvironments() {
        // Given
        String[] args = {
            "--base-url", "http://localhost:8080", "--data-dir", "d", "--environments", "10", "--installs", "5"
        };

        // When / Then
        assertThatThrownBy(() -> ProvisioningBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--installs must be a whole number from 10 to 10000");
    }

    @Test
    void shouldRefuseBlueprintNameThatIsNoLabel() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080", "--data-dir", "d", "--blueprint", "../x"};

        // When / Then
        assertThatThrownBy(() -> ProvisioningBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--blueprint");
    }

    private static RawJGitLoop.Result raw(int perSecond) {
        return new RawJGitLoop.Result(
                new Latencies(perSecond, 1_000_000_000L, 1_000_000L, 2_000_000L, 3_000_000L), OptionalLong.empty());
    }

    private static String id(int n) {
        return String.format("%040x", n);
    }

    private static Commit commit(int n) {
        return new Commit(id(n), ObjectId.zeroId(), new TreeMap<>(), "install", "catalyst", "catalyst@localhost");
    }
}
