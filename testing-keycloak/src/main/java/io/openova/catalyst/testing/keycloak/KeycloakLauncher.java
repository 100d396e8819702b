package io.openova.catalyst.testing.keycloak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Keycloak server JVM the way {@code bin/kc.sh} does, without the script: {@code java} on
 * {@code lib/quarkus-run.jar} of the unpacked distribution, with {@code kc.home.dir} pointing at a directory of the
 * caller so that the data (H2 database, transaction log, realm imports) never lands in the shared distribution.
 *
 * <p>The JVM runs under a small {@code sh} watchdog that holds the pipe to this JVM's side: when this JVM goes away,
 * even killed, the pipe closes and the watchdog stops Keycloak, so no server outlives the test run.
 */
record KeycloakLauncher(Path javaHome, Path distribution) {

    /** The exit status of a run that only rebuilt (re-augmented) the server, as kc.sh knows it. */
    static final int REBUILT_EXIT_CODE = 10;

    private static final Logger LOGGER = LoggerFactory.getLogger(KeycloakLauncher.class);
    private static final int PORT_ATTEMPTS = 3;
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null &
            server=$!
            { read -r _ <&3; kill -TERM "$server" 2>/dev/null; } &
            watchdog=$!
            wait "$server"
            status=$?
            kill "$watchdog" 2>/dev/null
            exit "$status"
            """;

    /** A server that answered ready, with every realm of {@link KeycloakRealms#ALL}. */
    record Running(Process process, String baseUrl) {}

    /**
     * Starts {@code start-dev} (built) on free loopback ports and waits until it is ready and serves every realm of
     * {@link KeycloakRealms#ALL}; tries other ports if another process took the chosen ones meanwhile.
     */
    Running startDev(
            Path home, List<String> extraArguments, Map<String, String> environment, Path log, Instant deadline)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (int attempt = 1; ; attempt++) {
            int httpPort = freePort();
            int managementPort = freePort();
            String baseUrl = "http://127.0.0.1:" + httpPort;
            List<String> arguments = new ArrayList<>(List.of(
                    "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    // Pins iss to this URL, whatever address a request used.
                    "--hostname=" + baseUrl,
                    "--log-console-color=false"));
            arguments.addAll(KeycloakDistribution.BUILD_OPTIONS);
            arguments.addAll(extraArguments);
            Process process = launch(home, true, arguments, environment, log);
            URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
            while (!answers200(http, health)) {
                if (!process.isAlive()) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    stop(process, 10);
                    throw new IllegalStateException("Keycloak was not ready in time (raise -D"
                            + KeycloakSettings.START_TIMEOUT_PROPERTY + " on a slow machine); see " + log + tail(log));
                }
                // Waits for the next poll, or less if the server exits.
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
            if (process.isAlive()) {
                for (String realm : KeycloakRealms.ALL) {
                    URI discovery = URI.create(baseUrl + "/realms/" + realm + "/.well-known/openid-configuration");
                    if (!answers200(http, discovery)) {
                        stop(process, 10);
                        throw new IllegalStateException(
                                "Keycloak is ready but has no realm " + realm + "; see " + log + tail(log));
                    }
                }
                return new Running(process, baseUrl);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            boolean portTaken = output.contains("Address already in use") || output.contains("Port already bound");
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " before it was ready; see " + log + tail(log));
            }
            LOGGER.info("Keycloak found its port taken, retrying: port={} attempt={}", httpPort, attempt);
        }
    }

    /**
     * Starts {@code java ... QuarkusEntryPoint <arguments>} with its output appended to {@code log}.
     *
     * @param home {@code kc.home.dir}: {@code data/} (and {@code data/import/}) live there
     * @param built whether the distribution is already built for these options ({@code -Dkc.config.built=true}:
     *     Keycloak then never rebuilds, so the shared distribution is never written)
     * @param environment added to the environment, after removing Keycloak and Quarkus settings inherited from ours
     */
    Process launch(Path home, boolean built, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "keycloak-watchdog"));
        command.add(javaHome.resolve("bin/java").toString());
        if (built) {
            command.add("-Dkc.config.built=true");
        }
        command.addAll(List.of(
                "-Dkc.home.dir=" + home,
                "-Djboss.server.config.dir=" + distribution.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dpicocli.disable.closures=true",
                "-Dquarkus-log-max-startup-records=10000",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                        + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                // A small test server on a shared machine: a modest heap, the serial collector, C1 only (starts
                // faster, and the server does little work).
                "-Xms64m",
                "-Xmx512m",
                "-XX:MetaspaceSize=96M",
                "-XX:MaxMetaspaceSize=256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.security.egd=file:/dev/urandom",
                "-Dfile.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8",
                "-Duser.language=en",
                "-Duser.country=US",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                distribution.resolve("lib/quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("KC_")
                        || name.startsWith("QUARKUS_")
                        || name.equals("JDK_JAVA_OPTIONS")
                        || name.equals("JAVA_TOOL_OPTIONS"));
        env.putAll(environment);
        return builder.start();
    }

    /**
     * Stops a process started by {@link #launch}: closing its pipe makes the watchdog send SIGTERM to Keycloak (a
     * graceful shutdown); whatever still runs after {@code graceSeconds} is killed.
     *
     * @return whether it stopped gracefully within {@code graceSeconds}
     */
    static boolean stop(Process process, long graceSeconds) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The pipe is already closed: the watchdog has seen it, or the process is gone.
        }
        boolean graceful = process.waitFor(graceSeconds, TimeUnit.SECONDS);
        if (!graceful) {
            tree.addAll(process.descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(graceSeconds, TimeUnit.SECONDS);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        return graceful;
    }

    /** The last lines of a log, for failure messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return " (the log could not be read: " + e.getMessage() + ")";
        }
    }

    private static boolean answers200(HttpClient http, URI uri) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
