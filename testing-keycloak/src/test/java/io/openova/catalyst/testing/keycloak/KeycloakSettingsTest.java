package io.openova.catalyst.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakSettingsTest {

    private static final String VERSION = "26.7.3";
    private static final String ZIP_IN_REPOSITORY =
            "org/keycloak/keycloak-quarkus-dist/26.7.3/keycloak-quarkus-dist-26.7.3.zip";

    @TempDir
    Path directory;

    @Test
    void shouldFindTheZipInTheMavenRepoLocalRepository() throws IOException {
        // Given
        Path repository = directory.resolve("repo");
        Path zip = touch(repository.resolve(ZIP_IN_REPOSITORY));
        Properties system = system();
        system.setProperty("maven.repo.local", repository.toString());

        // When
        KeycloakSettings settings = KeycloakSettings.from(system, build("${settings.localRepository}"));

        // Then
        assertThat(settings.distributionZip()).isEqualTo(zip);
        assertThat(settings.version()).isEqualTo(VERSION);
    }

    @Test
    void shouldFallBackToTheRepositoryTheModuleWasBuiltWith() throws IOException {
        // Given
        Path repository = directory.resolve("built-with");
        Path zip = touch(repository.resolve(ZIP_IN_REPOSITORY));

        // When
        KeycloakSettings settings = KeycloakSettings.from(system(), build(repository.toString()));

        // Then
        assertThat(settings.distributionZip()).isEqualTo(zip);
    }

    @Test
    void shouldPreferAnExplicitDistribution() throws IOException {
        // Given
        touch(directory.resolve("repo").resolve(ZIP_IN_REPOSITORY));
        Path explicit = touch(directory.resolve("elsewhere/keycloak.zip"));
        Properties system = system();
        system.setProperty("maven.repo.local", directory.resolve("repo").toString());
        system.setProperty(KeycloakSettings.DISTRIBUTION_PROPERTY, explicit.toString());

        // When
        KeycloakSettings settings = KeycloakSettings.from(system, build(""));

        // Then
        assertThat(settings.distributionZip()).isEqualTo(explicit);
    }

    @Test
    void shouldDefaultTheDirectoriesAndTimeout() throws IOException {
        // Given
        Path repository = directory.resolve("repo");
        touch(repository.resolve(ZIP_IN_REPOSITORY));
        Properties system = system();
        system.setProperty("maven.repo.local", repository.toString());

        // When
        KeycloakSettings settings = KeycloakSettings.from(system, build(""));

        // Then
        assertThat(settings.cacheDirectory()).isEqualTo(directory.resolve("tmp/catalyst-keycloak"));
        assertThat(settings.workDirectory()).isEqualTo(directory.resolve("module/target/keycloak"));
        assertThat(settings.javaHome()).isEqualTo(Path.of(System.getProperty("java.home")));
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void shouldNameWhereItLookedWhenTheZipIsMissing() {
        // When / Then
        assertThatThrownBy(() -> KeycloakSettings.from(system(), build("")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.keycloak:keycloak-quarkus-dist:26.7.3:zip")
                .hasMessageContaining(directory
                        .resolve("home/.m2/repository")
                        .resolve(ZIP_IN_REPOSITORY)
                        .toString())
                .hasMessageContaining(KeycloakSettings.DISTRIBUTION_PROPERTY);
    }

    @Test
    void shouldRejectAJavaHomeOlderThan21() throws IOException {
        // Given
        Path jdk17 = directory.resolve("jdk-17");
        Files.createDirectories(jdk17.resolve("bin"));
        Files.createFile(
                jdk17.resolve("bin/java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(jdk17.resolve("release"), "JAVA_VERSION=\"17.0.12\"\n");
        Properties system = system();
        system.setProperty(
                KeycloakSettings.DISTRIBUTION_PROPERTY,
                touch(directory.resolve("kc.zip")).toString());
        system.setProperty(KeycloakSettings.JAVA_HOME_PROPERTY, jdk17.toString());

        // When / Then
        assertThatThrownBy(() -> KeycloakSettings.from(system, build("")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(KeycloakSettings.JAVA_HOME_PROPERTY)
                .hasMessageContaining("release version: 17");
    }

    @Test
    void shouldRejectAStartTimeoutThatIsNotANumber() throws IOException {
        // Given
        Properties system = system();
        system.setProperty(
                KeycloakSettings.DISTRIBUTION_PROPERTY,
                touch(directory.resolve("kc.zip")).toString());
        system.setProperty(KeycloakSettings.START_TIMEOUT_PROPERTY, "2m");

        // When / Then
        assertThatThrownBy(() -> KeycloakSettings.from(system, build("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KeycloakSettings.START_TIMEOUT_PROPERTY + "=2m");
    }

    private Properties system() {
        Properties system = new Properties();
        system.setProperty("java.io.tmpdir", directory.resolve("tmp").toString());
        system.setProperty("user.dir", directory.resolve("module").toString());
        system.setProperty("user.home", directory.resolve("home").toString());
        system.setProperty("java.home", System.getProperty("java.home"));
        return system;
    }

    private static Properties build(String localRepository) {
        Properties build = new Properties();
        build.setProperty("version", VERSION);
        build.setProperty("local-repository", localRepository);
        return build;
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }
}
