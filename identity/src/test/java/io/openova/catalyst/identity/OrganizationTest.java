package io.openova.catalyst.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.identity.Organization.Quota;
import io.openova.catalyst.identity.Organization.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationTest {
    private static final Quota QUOTA = new Quota(3, 20, 8_000, 16_384);

    private static Organization organization(String name, List<String> sources) {
        return new Organization(name, "Acme Corp", Tier.STANDARD, QUOTA, sources);
    }

    @Test
    void shouldKeepEveryFieldWhenOrganizationIsValid() {
        // When
        Organization organization = organization("acme", List.of("builtin", "acme-private"));

        // Then
        assertThat(organization.name()).isEqualTo("acme");
        assertThat(organization.quota().maxEnvironments()).isEqualTo(3);
        assertThat(organization.blueprintSources()).containsExactly("builtin", "acme-private");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "acme.corp", "acme-", "a23456789012345678901234567890123456789012"})
    void shouldRejectOrganizationNamingTheFieldWhenNameIsNotAShortDns1123Label(String name) {
        // When
        Throwable thrown = catchThrowable(() -> organization(name, List.of()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name: ");
    }

    @Test
    void shouldAcceptOrganizationWhenNameIsExactlyFortyCharacters() {
        // Given
        String name = "a".repeat(Organization.MAX_NAME_LENGTH);

        // When
        Organization organization = organization(name, List.of());

        // Then
        assertThat(organization.name()).hasSize(40);
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 0, 0, 0, 'quota.maxEnvironments: must be zero or more'",
        "0, -1, 0, 0, 'quota.maxApplications: must be zero or more'",
        "0, 0, -1, 0, 'quota.cpuMillicores: must be zero or more'",
        "0, 0, 0, -1, 'quota.memoryMebibytes: must be zero or more'"
    })
    void shouldRejectQuotaNamingTheFieldWhenAValueIsNegative(
            int environments, int applications, long cpu, long memory, String message) {
        // When
        Throwable thrown = catchThrowable(() -> new Quota(environments, applications, cpu, memory));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void shouldRejectOrganizationNamingTheIndexWhenASourceIsListedTwice() {
        // When
        Throwable thrown = catchThrowable(() -> organization("acme", List.of("builtin", "extra", "builtin")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blueprintSources[2]: 'builtin' is listed twice");
    }

    @Test
    void shouldRejectOrganizationNamingTheIndexWhenASourceNameIsInvalid() {
        // When
        Throwable thrown = catchThrowable(() -> organization("acme", List.of("builtin", "Bad Source")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("blueprintSources[1]: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void shouldRejectOrganizationWhenDisplayNameIsBlank(String displayName) {
        // When
        Throwable thrown = catchThrowable(() -> new Organization("acme", displayName, Tier.FREE, QUOTA, List.of()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("displayName: must not be blank");
    }

    @Test
    void shouldRejectOrganizationWhenTierIsMissing() {
        // When
        Throwable thrown = catchThrowable(() -> new Organization("acme", "Acme", null, QUOTA, List.of()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tier: ");
    }

    @Test
    void shouldAllowEverySourceWhenNoSourceIsListed() {
        // Given
        Organization organization = organization("acme", List.of());

        // When
        boolean allowed = organization.allowsSource("anything");

        // Then
        assertThat(allowed).isTrue();
    }

    @Test
    void shouldAllowOnlyListedSourcesWhenSourcesAreListed() {
        // Given
        Organization organization = organization("acme", List.of("builtin"));

        // When
        boolean other = organization.allowsSource("community");

        // Then
        assertThat(other).isFalse();
        assertThat(organization.allowsSource("builtin")).isTrue();
    }
}
