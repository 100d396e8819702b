package io.openova.catalyst.testing.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realms of {@link KeycloakRealms} imported once per machine: Keycloak's H2 database right after the import,
 * kept in the cache directory and copied into the fresh data directory of every start.
 *
 * <p>Creating a realm is Keycloak's slowest start-up step (its default clients, roles, flows and keys, then ours:
 * several seconds a realm, far more on a busy machine), so doing it once cuts every later start to Keycloak's boot.
 * The snapshot is named for a hash of the version, the build options and the realm files: changing a realm file makes
 * a new one. The administrator of the {@code master} realm is created with it; its random password is stored beside
 * the database (a throwaway credential of a loopback-only test server).
 */
final class RealmSnapshot {

    /** Bumped when the way a snapshot is made changes, so that old ones are not reused. */
    private static final String FORMAT = "1";

    private static final Logger LOGGER = LoggerFactory.getLogger(RealmSnapshot.class);
    private static final String REALM_RESOURCES = "/catalyst/keycloak/realms/";
    private static final String DATABASE = "h2";
    private static final String PROPERTIES = "snapshot.properties";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object JVM_LOCK = new Object();

    private final Path directory;
    private final String adminUsername;
    private final String adminPassword;

    private RealmSnapshot(Path directory, String adminUsername, String adminPassword) {
        this.directory = directory;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
    }

    /** The snapshot of the current realm files, made first (one Keycloak start with import) if there is none. */
    static RealmSnapshot prepare(KeycloakSettings settings, KeycloakLauncher launcher, Path runDirectory)
            throws IOException, InterruptedException {
        Map<String, byte[]> realms = realmFiles();
        String name = "realms-" + settings.version() + "-" + hash(realms);
        Path directory = settings.cacheDirectory().resolve(name);
        if (Files.isRegularFile(directory.resolve(PROPERTIES))) {
            return read(directory);
        }
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(
                    settings.cacheDirectory().resolve(name + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    if (!Files.isRegularFile(directory.resolve(PROPERTIES))) {
                        create(settings, launcher, realms, runDirectory, directory);
                    }
                } finally {
                    lock.release();
                }
            }
        }
        return read(directory);
    }

    /** Copies the database into {@code home}'s data directory, which must not have one yet. */
    void copyInto(Path home) throws IOException {
        Path target = Files.createDirectories(home.resolve("data").resolve(DATABASE));
        try (Stream<Path> files = Files.list(directory.resolve(DATABASE))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }

    String adminUsername() {
        return adminUsername;
    }

    String adminPassword() {
        return adminPassword;
    }

    private static void create(
            KeycloakSettings settings,
            KeycloakLauncher launcher,
            Map<String, byte[]> realms,
            Path runDirectory,
            Path directory)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        Path home = runDirectory.resolve("import-home");
        Path imports = Files.createDirectories(home.resolve("data/import"));
        for (Map.Entry<String, byte[]> realm : realms.entrySet()) {
            Files.write(imports.resolve(realm.getKey() + ".json"), realm.getValue());
        }
        String adminUsername = "admin";
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String adminPassword = HexFormat.of().formatHex(secret);
        Path log = runDirectory.resolve("keycloak-import.log");
        KeycloakLauncher.Running running = launcher.startDev(
                home,
                List.of("--import-realm"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername, "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword),
                log,
                start.plus(settings.startTimeout()));
        if (!KeycloakLauncher.stop(running.process(), 60)) {
            throw new IllegalStateException("Keycloak did not stop within 60 s after importing the realms, so its"
                    + " database may be incomplete; see " + log + KeycloakLauncher.tail(log));
        }
        Path staging = Files.createTempDirectory(settings.cacheDirectory(), ".snapshot-");
        try {
            Path database = Files.createDirectories(staging.resolve(DATABASE));
            try (Stream<Path> files = Files.list(home.resolve("data").resolve(DATABASE))) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().endsWith(".mv.db")) {
                        Files.copy(file, database.resolve(file.getFileName()));
                    }
                }
            }
            Properties properties = new Properties();
            properties.setProperty("admin-username", adminUsername);
            properties.setProperty("admin-password", adminPassword);
            try (OutputStream out = Files.newOutputStream(staging.resolve(PROPERTIES))) {
                properties.store(out, "Keycloak realms imported by catalyst-testing-keycloak (a loopback test server)");
            }
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            KeycloakDistribution.deleteTree(staging);
            throw e;
        }
        KeycloakDistribution.deleteTree(home);
        LOGGER.info(
                "Keycloak realms imported into a snapshot: directory={} millis={}",
                directory,
                Duration.between(start, Instant.now()).toMillis());
    }

    private static RealmSnapshot read(Path directory) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(PROPERTIES))) {
            properties.load(in);
        }
        return new RealmSnapshot(
                directory, properties.getProperty("admin-username"), properties.getProperty("admin-password"));
    }

    private static Map<String, byte[]> realmFiles() throws IOException {
        Map<String, byte[]> realms = new LinkedHashMap<>();
        for (String realm : KeycloakRealms.ALL) {
            String resource = REALM_RESOURCES + realm + ".json";
            try (InputStream in = RealmSnapshot.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            resource + " is missing from the classpath: rebuild catalyst-testing-keycloak");
                }
                realms.put(realm, in.readAllBytes());
            }
        }
        return realms;
    }

    private static String hash(Map<String, byte[]> realms) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((FORMAT + "\n" + String.join(" ", KeycloakDistribution.BUILD_OPTIONS) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> realm : realms.entrySet()) {
                digest.update((realm.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
                digest.update(realm.getValue());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is missing from this JDK", e));
        }
    }
}
