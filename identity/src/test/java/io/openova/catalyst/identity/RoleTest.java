package io.openova.catalyst.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @ParameterizedTest
    @CsvSource({
        "sovereign-admin, SOVEREIGN_ADMIN",
        "org-admin,       ORG_ADMIN",
        "developer,       DEVELOPER",
        "viewer,          VIEWER"
    })
    void shouldFindTheRoleWhenClaimNameIsKnown(String claimName, Role expected) {
        // When
        Optional<Role> role = Role.fromClaim(claimName);

        // Then
        assertThat(role).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "admin", "Viewer", "ORG_ADMIN", "offline_access", " developer"})
    void shouldFindNothingWhenClaimNameIsNotOneOfOurs(String claimName) {
        // When
        Optional<Role> role = Role.fromClaim(claimName);

        // Then
        assertThat(role).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void shouldRoundTripWhenRoleIsWrittenAsItsClaimName(Role role) {
        // When
        Optional<Role> read = Role.fromClaim(role.claimName());

        // Then
        assertThat(read).contains(role);
    }
}
