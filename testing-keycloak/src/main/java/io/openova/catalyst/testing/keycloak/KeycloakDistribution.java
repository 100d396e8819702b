package io.openova.catalyst.testing.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keycloak distribution unpacked and built once per machine, in the cache directory, and then only read.
 *
 * <p>The directory is named for the version and a hash of the build-time options ({@link #BUILD_OPTIONS}): Keycloak
 * rewrites {@code lib/quarkus/} when it is built ("re-augmented") for other options, which would break servers that
 * run from it, so each set of options gets its own copy. Unpacking and building happen under a file lock, so that
 * test JVMs of parallel builds on the same machine take turns; afterwards every server starts with
 * {@code -Dkc.config.built=true} and never writes there again.
 */
final class KeycloakDistribution {

    /** Build-time options of every server the fixture starts (start-dev adds the dev profile and H2 file database). */
    static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true");

    private static final Logger LOGGER = LoggerFactory.getLogger(KeycloakDistribution.class);
    private static final String BUILT_MARKER = "catalyst-built.properties";
    private static final Object JVM_LOCK = new Object();

    private KeycloakDistribution() {}

    /** The root of the unpacked distribution, built for {@link #BUILD_OPTIONS}: unpacks and builds it if needed. */
    static Path prepare(KeycloakSettings settings, Path runDirectory) throws IOException, InterruptedException {
        Path cache = settings.cacheDirectory();
        Files.createDirectories(cache);
        String name = "keycloak-" + settings.version() + "-" + optionsHash(settings.version());
        Path root = cache.resolve(name);
        if (Files.isRegularFile(root.resolve(BUILT_MARKER))) {
            return root;
        }
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(
                    cache.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    if (!Files.isDirectory(root)) {
                        unpack(settings.distributionZip(), settings.version(), cache, root);
                    }
                    if (!Files.isRegularFile(root.resolve(BUILT_MARKER))) {
                        build(settings, root, runDirectory);
                    }
                } finally {
                    lock.release();
                }
            }
        }
        return root;
    }

    private static void unpack(Path zip, String version, Path cache, Path root) throws IOException {
        Instant start = Instant.now();
        Path staging = Files.createTempDirectory(cache, ".unpack-");
        try {
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException(zip + " has an entry outside its root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = archive.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
            Path unpacked = staging.resolve("keycloak-" + version);
            if (!Files.isRegularFile(unpacked.resolve("lib/quarkus-run.jar"))) {
                throw new IOException(zip + " is not a Keycloak distribution: keycloak-" + version
                        + "/lib/quarkus-run.jar is missing");
            }
            Files.move(unpacked, root, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        LOGGER.info(
                "Keycloak distribution unpacked: zip={} directory={} millis={}",
                zip,
                root,
                Duration.between(start, Instant.now()).toMillis());
    }

    /** Runs {@code start-dev} once without {@code kc.config.built}: Keycloak rebuilds itself and exits with 10. */
    private static void build(KeycloakSettings settings, Path root, Path runDirectory)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        Path home = Files.createDirectories(runDirectory.resolve("build-home"));
        Path log = runDirectory.resolve("keycloak-build.log");
        List<String> arguments =
                Stream.concat(Stream.of("start-dev"), BUILD_OPTIONS.stream()).toList();
        Process process = new KeycloakLauncher(settings.javaHome(), root).launch(home, false, arguments, Map.of(), log);
        if (!process.waitFor(settings.startTimeout().toSeconds(), TimeUnit.SECONDS)) {
            KeycloakLauncher.stop(process, 10);
            throw new IllegalStateException("building Keycloak in " + root + " took longer than "
                    + settings.startTimeout() + "; see " + log + KeycloakLauncher.tail(log));
        }
        if (process.exitValue() != KeycloakLauncher.REBUILT_EXIT_CODE) {
            throw new IllegalStateException(
                    "building Keycloak in " + root + " failed (exit " + process.exitValue() + ", expected "
                            + KeycloakLauncher.REBUILT_EXIT_CODE + "); see " + log + KeycloakLauncher.tail(log));
        }
        Files.writeString(
                root.resolve(BUILT_MARKER),
                "# Built by catalyst-testing-keycloak: servers start with -Dkc.config.built=true\n" + "build-options="
                        + String.join(" ", BUILD_OPTIONS) + "\n",
                StandardCharsets.UTF_8);
        deleteTree(home);
        LOGGER.info(
                "Keycloak distribution built: directory={} millis={}",
                root,
                Duration.between(start, Instant.now()).toMillis());
    }

    private static String optionsHash(String version) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash =
                    digest.digest((version + "\n" + String.join("\n", BUILD_OPTIONS)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
