package io.openova.catalyst.identity.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Organization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganizationDirectoryTest {
    @TempDir
    Path dir;

    private static Organization organization(String name, int maxEnvironments) {
        return new Organization(
                name,
                "The " + name + " company",
                Organization.Tier.STANDARD,
                new Organization.Quota(maxEnvironments, 10, 4_000, 8_192),
                List.of("builtin"));
    }

    @Test
    void shouldFindEveryFieldWhenOrganizationWasCreated() {
        // Given
        try (OrganizationDirectory directory = new OrganizationDirectory(dir)) {
            directory.create(organization("acme", 3));

            // When
            var found = directory.find("acme");

            // Then
            assertThat(found).contains(organization("acme", 3));
            assertThat(directory.exists("globex")).isFalse();
        }
    }

    @Test
    void shouldRefuseAndKeepTheFirstWhenNameIsTaken() {
        // Given
        try (OrganizationDirectory directory = new OrganizationDirectory(dir)) {
            directory.create(organization("acme", 3));

            // When
            boolean created = directory.create(organization("acme", 9));

            // Then
            assertThat(created).isFalse();
            assertThat(directory.find("acme")).contains(organization("acme", 3));
        }
    }

    @Test
    void shouldReplaceSettingsWhenUpdated() {
        // Given
        try (OrganizationDirectory directory = new OrganizationDirectory(dir)) {
            directory.create(organization("acme", 3));

            // When
            boolean updated = directory.update(organization("acme", 7));

            // Then
            assertThat(updated).isTrue();
            assertThat(directory.find("acme").orElseThrow().quota().maxEnvironments())
                    .isEqualTo(7);
            assertThat(directory.update(organization("globex", 1))).isFalse();
        }
    }

    @Test
    void shouldListSortedAndKeepThemWhenReopened() {
        // Given
        try (OrganizationDirectory directory = new OrganizationDirectory(dir)) {
            directory.create(organization("globex", 1));
            directory.create(new Organization(
                    "acme", "Acme", Organization.Tier.FREE, new Organization.Quota(1, 1, 1, 1), List.of()));
        }

        // When
        try (OrganizationDirectory reopened = new OrganizationDirectory(dir)) {
            // Then
            assertThat(reopened.list()).extracting(Organization::name).containsExactly("acme", "globex");
            assertThat(reopened.find("acme").orElseThrow().blueprintSources()).isEmpty();
        }
    }
}
