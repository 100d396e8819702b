package io.openova.catalyst.identity.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    @Test
    void shouldDoubleTheSuggestedWaitUpToTheMaximumWhenFailuresRepeat() {
        // Given
        LockoutPolicy policy =
                new LockoutPolicy(10, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(10));

        // When
        var waits = IntStream.rangeClosed(1, 6).mapToObj(policy::retryAfter).toList();

        // Then
        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
    }

    @Test
    void shouldNotOverflowWhenFailuresAreMany() {
        // When
        Duration wait = LockoutPolicy.DEFAULT.retryAfter(Integer.MAX_VALUE);

        // Then
        assertThat(wait).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectLockoutPolicyNamingTheFieldWhenMaxFailuresIsZero() {
        // When
        Throwable thrown = catchThrowable(
                () -> new LockoutPolicy(0, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(30)));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lockout.maxFailures: must be at least 1, got 0");
    }

    @Test
    void shouldRejectSessionPolicyWhenIdleTimeoutExceedsAbsoluteTimeout() {
        // When
        Throwable thrown = catchThrowable(() -> new SessionPolicy(Duration.ofMinutes(10), Duration.ofMinutes(30)));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessions.idleTimeout: must be at most sessions.absoluteTimeout");
    }

    @Test
    void shouldRejectHashParametersWhenMemoryIsBelowEightKibPerLane() {
        // When
        Throwable thrown = catchThrowable(() -> new HashParameters(15, 1, 2));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("hashing.memoryKib: ");
    }

    @Test
    void shouldUseOwaspParametersWhenConfiguredByDefault() {
        // When
        AccountsConfig config = AccountsConfig.DEFAULT;

        // Then
        assertThat(config.hashing()).isEqualTo(new HashParameters(19_456, 2, 1));
        assertThat(config.lockout().maxFailures()).isEqualTo(5);
        assertThat(config.lockout().lockDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.sessions()).isEqualTo(new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30)));
    }
}
