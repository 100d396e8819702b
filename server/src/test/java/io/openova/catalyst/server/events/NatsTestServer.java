package io.openova.catalyst.server.events;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nats-server (Debian's {@code /usr/sbin/nats-server}) for the server's JetStream mode: one account for the
 * Organization {@value #ORG} with the restricted user Catalyst connects as (docs/events.md), on a free loopback port,
 * with a fresh store; its credentials written as {@code <org>.userpass} in a folder the server is pointed at.
 */
public final class NatsTestServer implements QuarkusTestResourceLifecycleManager {
    static final String ORG = "jsorg";
    private static final Pattern LISTENING = Pattern.compile("Listening for client connections on [0-9.]+:(\\d+)");

    private Process process;
    private Path directory;

    @Override
    public Map<String, String> start() {
        Path binary = Path.of(System.getProperty("catalyst.nats-server", "/usr/sbin/nats-server"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "nats-server not found at " + binary + ": install Debian's package nats-server (.ci/run does)");
        }
        try {
            directory = Files.createTempDirectory("catalyst-nats-");
            String password = HexFormat.of().formatHex(SecureRandom.getSeed(12));
            Path config = directory.resolve("nats.conf");
            Files.writeString(
                    config, """
                    listen: 127.0.0.1:-1
                    jetstream { store_dir: "%s", max_memory_store: 64M, max_file_store: 8G }
                    system_account: SYS
                    accounts {
                      SYS: { users: [ { user: "system", password: "%s" } ] }
                      %s: {
                        jetstream: { max_memory: 64M, max_file: 4G }
                        users: [ { user: "%s-spine", password: "%s", permissions: {
                          publish: { allow: ["catalyst.%s.>", "$JS.API.>", "$JS.ACK.>", "$JS.FC.>", "$KV.>"] }
                          subscribe: { allow: ["_INBOX.>"] } } } ]
                      }
                    }
                    """.formatted(directory.resolve("store"), password + "s", ORG, ORG, password, ORG));
            Path credentials = Files.createDirectories(directory.resolve("credentials"));
            Files.writeString(credentials.resolve(ORG + ".userpass"), ORG + "-spine:" + password + "\n");
            process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader log =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = log.readLine(); line != null; line = log.readLine()) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                        if (line.contains("Server is ready")) {
                            ready.complete(null);
                        }
                    }
                    ready.completeExceptionally(new IllegalStateException("nats-server exited"));
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
            });
            ready.get(30, TimeUnit.SECONDS);
            return Map.of(
                    "catalyst.events.nats-servers", "nats://127.0.0.1:" + port.get(5, TimeUnit.SECONDS),
                    "catalyst.events.nats-credentials", credentials.toString(),
                    "catalyst.data-dir", directory.resolve("data").toString());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start nats-server: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
