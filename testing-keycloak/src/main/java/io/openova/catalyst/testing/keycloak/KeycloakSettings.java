package io.openova.catalyst.testing.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Where {@link KeycloakServer} finds the Keycloak distribution and the JDK, where it unpacks and runs it, how long it
 * waits. {@link #fromSystemProperties()} reads them (all optional):
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>default</th></tr>
 *   <tr><td>{@value #DISTRIBUTION_PROPERTY}</td><td>{@code keycloak-quarkus-dist-<version>.zip} in the local Maven
 *       repository: {@code maven.repo.local}, else the one this module was built with, else {@code ~/.m2/repository}
 *       </td></tr>
 *   <tr><td>{@value #CACHE_PROPERTY}</td><td>{@code <java.io.tmpdir>/catalyst-keycloak}: unpacked once per version,
 *       shared by every build on the machine</td></tr>
 *   <tr><td>{@value #WORK_PROPERTY}</td><td>{@code target/keycloak} of the working directory (the module under
 *       test): one {@code run-*} directory per start, with its data and log</td></tr>
 *   <tr><td>{@value #JAVA_HOME_PROPERTY}</td><td>the JDK running the tests (21 or newer, as this module needs)</td></tr>
 *   <tr><td>{@value #START_TIMEOUT_PROPERTY}</td><td>{@value #DEFAULT_START_TIMEOUT_SECONDS}</td></tr>
 * </table>
 *
 * @param version the Keycloak version, the one this module depends on
 * @param distributionZip the {@code keycloak-quarkus-dist} zip
 * @param cacheDirectory where distributions are unpacked and built, once
 * @param workDirectory where each start gets a fresh directory for its data and log
 * @param javaHome the JDK (21 or newer) that runs Keycloak
 * @param startTimeout how long a start may take, a first start (unpack and build) included
 */
public record KeycloakSettings(
        String version,
        Path distributionZip,
        Path cacheDirectory,
        Path workDirectory,
        Path javaHome,
        Duration startTimeout) {

    public static final String DISTRIBUTION_PROPERTY = "catalyst.keycloak.distribution";
    public static final String CACHE_PROPERTY = "catalyst.keycloak.cache-dir";
    public static final String WORK_PROPERTY = "catalyst.keycloak.work-dir";
    public static final String JAVA_HOME_PROPERTY = "catalyst.keycloak.java-home";
    public static final String START_TIMEOUT_PROPERTY = "catalyst.keycloak.start-timeout-seconds";

    static final int DEFAULT_START_TIMEOUT_SECONDS = 300;
    static final int MINIMUM_JAVA = 21;
    private static final String BUILD_PROPERTIES = "/catalyst/keycloak/keycloak.properties";

    public KeycloakSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(distributionZip, "distributionZip");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (!version.matches("[0-9]+(\\.[0-9A-Za-z-]+)*")) {
            throw new IllegalArgumentException("version: expected a Keycloak version like 26.7.3, got " + version);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout: expected a positive duration, got " + startTimeout);
        }
    }

    /** The settings of this JVM's system properties; fails with what to do if the distribution or JDK is missing. */
    public static KeycloakSettings fromSystemProperties() {
        return from(System.getProperties(), buildProperties());
    }

    static KeycloakSettings from(Properties system, Properties build) {
        String version = build.getProperty("version", "");
        Path zip = distributionZip(system, build, version);
        Path cache = Path.of(system.getProperty(
                CACHE_PROPERTY,
                Path.of(system.getProperty("java.io.tmpdir"), "catalyst-keycloak")
                        .toString()));
        Path work = Path.of(system.getProperty(
                WORK_PROPERTY,
                Path.of(system.getProperty("user.dir"), "target", "keycloak").toString()));
        return new KeycloakSettings(
                version,
                zip,
                cache.toAbsolutePath(),
                work.toAbsolutePath(),
                javaHome(system),
                Duration.ofSeconds(startTimeoutSeconds(system)));
    }

    private static Path distributionZip(Properties system, Properties build, String version) {
        String explicit = system.getProperty(DISTRIBUTION_PROPERTY);
        if (explicit != null) {
            Path zip = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("-D" + DISTRIBUTION_PROPERTY + "=" + explicit
                        + " is not a file: point it at a " + "keycloak-quarkus-dist-" + version + ".zip");
            }
            return zip;
        }
        List<Path> repositories = new ArrayList<>();
        if (system.getProperty("maven.repo.local") != null) {
            repositories.add(Path.of(system.getProperty("maven.repo.local")));
        }
        String builtWith = build.getProperty("local-repository", "");
        if (!builtWith.isEmpty() && !builtWith.contains("${")) {
            repositories.add(Path.of(builtWith));
        }
        repositories.add(Path.of(system.getProperty("user.home"), ".m2", "repository"));
        List<Path> candidates = repositories.stream()
                .map(repository -> repository.resolve(
                        "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip"))
                .distinct()
                .toList();
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .map(Path::toAbsolutePath)
                .orElseThrow(
                        () -> new IllegalStateException("the Keycloak distribution org.keycloak:keycloak-quarkus-dist:"
                                + version + ":zip is not in the local Maven repository (looked for " + candidates
                                + "): depend on io.openova.catalyst:catalyst-testing-keycloak, which brings it, and let Maven"
                                + " download it once (a build without -o), or set -D" + DISTRIBUTION_PROPERTY
                                + "=/path/to/the.zip"));
    }

    private static Path javaHome(Properties system) {
        String explicit = system.getProperty(JAVA_HOME_PROPERTY);
        if (explicit == null) {
            // This class is compiled for Java 21, so the JVM running it is 21 or newer: Keycloak's minimum.
            return Path.of(system.getProperty("java.home"));
        }
        Path home = Path.of(explicit).toAbsolutePath();
        int major = javaMajor(home);
        if (!Files.isExecutable(home.resolve("bin/java")) || major < MINIMUM_JAVA) {
            throw new IllegalStateException("-D" + JAVA_HOME_PROPERTY + "=" + explicit + " is not a JDK "
                    + MINIMUM_JAVA + " or newer (found bin/java: " + Files.isExecutable(home.resolve("bin/java"))
                    + ", release version: " + major + "): Keycloak needs one");
        }
        return home;
    }

    /** The major version in a JDK's {@code release} file, 0 if unreadable (as .mvn/java-home.sh reads it). */
    static int javaMajor(Path home) {
        Properties release = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            return 0;
        }
        String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
        String major = version.split("[.+-]", 2)[0];
        return major.matches("[0-9]+") ? Integer.parseInt(major) : 0;
    }

    private static long startTimeoutSeconds(Properties system) {
        String value = system.getProperty(START_TIMEOUT_PROPERTY, String.valueOf(DEFAULT_START_TIMEOUT_SECONDS));
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + START_TIMEOUT_PROPERTY + "=" + value + ": expected a whole number of seconds", e);
        }
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakSettings.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(
                        BUILD_PROPERTIES + " is missing from the classpath: rebuild" + " catalyst-testing-keycloak");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
