package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The index behind the quota checks: loaded once, updated by commits, read again once it is too old. */
class ApplicationIndexTest {
    private static final EnvironmentRef DEV = new EnvironmentRef("acme", "dev");
    private static final EnvironmentRef PROD = new EnvironmentRef("acme", "prod");

    /** What the repositories hold, as another process may change them. */
    private final Map<EnvironmentRef, Set<String>> repositories = new HashMap<>(Map.of(DEV, Set.of("a", "b")));

    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T09:30:00Z"));
    private final ApplicationIndex index = new ApplicationIndex(
            org -> {
                loads.incrementAndGet();
                Map<EnvironmentRef, Set<String>> of = new HashMap<>();
                repositories.forEach((env, names) -> {
                    if (env.org().equals(org)) {
                        of.put(env, names);
                    }
                });
                return of;
            },
            now::get);

    @Test
    void shouldReadTheRepositoriesOnceWhileTheEntryIsFresh() {
        // When
        int first = index.applications("acme");
        now.set(now.get().plus(ApplicationIndex.MAX_AGE).minusSeconds(1));
        int second = index.applications("acme");

        // Then
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(2);
        assertThat(loads).hasValue(1);
    }

    @Test
    void shouldCountTheCommitsOfAnotherProcessOnceTheEntryIsOld() {
        // Given
        assertThat(index.applications("acme")).isEqualTo(2);
        repositories.put(PROD, Set.of("c"));

        // When
        now.set(now.get().plus(ApplicationIndex.MAX_AGE));

        // Then
        assertThat(index.applications("acme")).isEqualTo(3);
        assertThat(index.environments("acme")).isEqualTo(2);
        assertThat(index.has(PROD, "c")).isTrue();
        assertThat(loads).hasValue(2);
    }

    @Test
    void shouldApplyUpdatesToALoadedOrganizationAndLeaveOthersToTheirFirstRead() {
        // Given
        assertThat(index.has(DEV, "a")).isTrue();

        // When
        index.update(DEV, Set.of("b", "z"));
        index.update(new EnvironmentRef("globex", "dev"), Set.of("x"));

        // Then
        assertThat(index.has(DEV, "a")).isFalse();
        assertThat(index.has(DEV, "z")).isTrue();
        assertThat(index.has(new EnvironmentRef("globex", "dev"), "x")).isFalse();
        assertThat(index.applications("globex")).isZero();
    }
}
