package io.openova.catalyst.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void shouldRejectCallerWhenSubjectIsBlank(String subject) {
        // When
        Throwable thrown = catchThrowable(() -> new Caller(subject, Optional.of("acme"), Set.of(Role.VIEWER), "A"));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("subject: must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "acme/dev", "-acme", "acme_corp"})
    void shouldRejectCallerWhenOrganizationIsNotADns1123Label(String organization) {
        // When
        Throwable thrown =
                catchThrowable(() -> new Caller("alice", Optional.of(organization), Set.of(Role.VIEWER), "Alice"));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("organization: ");
    }

    @Test
    void shouldAcceptCallerWithoutOrganizationWhenSovereignAdmin() {
        // When
        Caller caller = new Caller("root", Optional.empty(), Set.of(Role.SOVEREIGN_ADMIN), "Root");

        // Then
        assertThat(caller.organization()).isEmpty();
        assertThat(caller.has(Role.SOVEREIGN_ADMIN)).isTrue();
    }

    @Test
    void shouldShowTheSubjectWhenDisplayNameIsBlank() {
        // When
        Caller caller = new Caller("alice", Optional.of("acme"), Set.of(), " ");

        // Then
        assertThat(caller.displayName()).isEqualTo("alice");
    }

    @Test
    void shouldKeepItsRolesWhenTheGivenSetChangesAfterwards() {
        // Given
        Set<Role> roles = new HashSet<>(Set.of(Role.VIEWER));
        Caller caller = new Caller("alice", Optional.of("acme"), roles, "Alice");

        // When
        roles.add(Role.SOVEREIGN_ADMIN);

        // Then
        assertThat(caller.roles()).containsExactly(Role.VIEWER);
    }
}
