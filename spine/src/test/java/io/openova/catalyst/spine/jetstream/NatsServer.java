package io.openova.catalyst.spine.jetstream;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code nats-server} for one test class: started before the first test on a free loopback port with
 * JetStream and a fresh store directory, stopped (and its directory removed) after the last. The configuration is
 * the per-Organization account model of docs/events.md: one account per Organization in {@link #ORGANIZATIONS}, each
 * with JetStream and two users, the restricted runtime user Catalyst connects as ({@code <org>-spine}) and an
 * unrestricted operator ({@code <org>-admin}), plus the system account.
 *
 * <p>The binary is {@value #DEFAULT_BINARY} unless the system property {@value #BINARY_PROPERTY} names another. If it
 * is missing the test class fails: the JetStream adapter is never skipped.
 */
public final class NatsServer implements BeforeAllCallback, AfterAllCallback {

    static final String DEFAULT_BINARY = "/usr/sbin/nats-server";
    static final String BINARY_PROPERTY = "catalyst.nats-server";
    static final List<String> ORGANIZATIONS = List.of("acme", "globex");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Listening for client connections on ([0-9.]+):(\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> runtimePasswords = new LinkedHashMap<>();
    private final Map<String, String> adminPasswords = new LinkedHashMap<>();
    private final StringBuffer log = new StringBuffer();
    private Path directory;
    private Process process;
    private String url;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("nats-server not found at " + binary + ": the JetStream tests need it."
                    + " Install it (Debian: apt-get install nats-server) or point -D" + BINARY_PROPERTY
                    + "=/path/to/nats-server at one.");
        }
        directory = Files.createTempDirectory("catalyst-nats-");
        for (String organization : ORGANIZATIONS) {
            runtimePasswords.put(organization, password());
            adminPasswords.put(organization, password());
        }
        Path config = directory.resolve("nats-server.conf");
        Files.writeString(config, config(), StandardCharsets.UTF_8);
        process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("nats-server-log").start(() -> readLog(port, ready));
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            stop();
            throw new IllegalStateException("nats-server did not start within " + START_TIMEOUT + ":\n" + log, e);
        }
        int clientPort = port.getNow(-1);
        await().atMost(START_TIMEOUT).until(() -> acceptsConnections(clientPort));
        url = "nats://127.0.0.1:" + clientPort;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** The client URL, {@code nats://127.0.0.1:<port>}. */
    String url() {
        return url;
    }

    /** The restricted user Catalyst connects as for {@code organization}. */
    NatsCredentials runtime(String organization) {
        return new NatsCredentials.UserPassword(organization + "-spine", runtimePasswords.get(organization));
    }

    /** The unrestricted operator of {@code organization}'s account. */
    NatsCredentials admin(String organization) {
        return new NatsCredentials.UserPassword(organization + "-admin", adminPasswords.get(organization));
    }

    /** Catalyst's credentials provider: the runtime user of each Organization's account. */
    NatsCredentialsProvider runtimeCredentials() {
        Map<String, NatsCredentials> credentials = new LinkedHashMap<>();
        ORGANIZATIONS.forEach(organization -> credentials.put(organization, runtime(organization)));
        return NatsCredentialsProvider.of(credentials);
    }

    /** A plain client connection, reporting asynchronous errors (permission violations) to {@code errors}. */
    Connection connect(NatsCredentials credentials, ErrorListener errors) throws IOException, InterruptedException {
        NatsCredentials.UserPassword user = (NatsCredentials.UserPassword) credentials;
        return Nats.connect(Options.builder()
                .server(url)
                .userInfo(user.user(), user.password())
                .errorListener(errors)
                .build());
    }

    /** Deletes every stream (and so every key-value bucket) of every Organization, as their operators. */
    void deleteEverything() throws Exception {
        for (String organization : ORGANIZATIONS) {
            Connection connection = connect(admin(organization), new ErrorListener() {});
            try {
                JetStreamManagement management = connection.jetStreamManagement(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofSeconds(5))
                        .build());
                for (String stream : management.getStreamNames()) {
                    management.deleteStream(stream);
                }
            } finally {
                connection.close();
            }
        }
    }

    private String config() {
        StringBuilder accounts = new StringBuilder();
        for (String organization : ORGANIZATIONS) {
            String stream = JetStreamEventSpine.streamName(organization);
            accounts.append("""
                      %1$s: {
                        jetstream: { max_memory: 64M, max_file: 1G, max_streams: 64, max_consumers: 512 }
                        users: [
                          {
                            user: "%1$s-spine", password: "%2$s"
                            permissions: {
                              publish: {
                                allow: ["catalyst.%1$s.>", "$JS.API.>", "$JS.ACK.>", "$JS.FC.>", "$KV.>"]
                                deny: ["$JS.API.STREAM.DELETE.%3$s", "$JS.API.STREAM.PURGE.%3$s",
                                       "$JS.API.STREAM.MSG.DELETE.%3$s"]
                              }
                              subscribe: { allow: ["_INBOX.>"] }
                            }
                          }
                          { user: "%1$s-admin", password: "%4$s" }
                        ]
                      }
                    """.formatted(
                    organization, runtimePasswords.get(organization), stream, adminPasswords.get(organization)));
        }
        return """
                listen: 127.0.0.1:-1
                server_name: catalyst-test
                jetstream {
                  store_dir: "%s"
                  max_memory_store: 256M
                  max_file_store: 4G
                }
                system_account: SYS
                accounts {
                  SYS: { users: [ { user: "system", password: "%s" } ] }
                %s}
                """.formatted(directory.resolve("store"), password(), accounts);
    }

    private void readLog(CompletableFuture<Integer> port, CompletableFuture<Void> ready) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.append(line).append('\n');
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(2)));
                }
                if (line.contains("Server is ready") && port.isDone()) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("nats-server exited"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() throws InterruptedException, IOException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(NatsServer::delete);
            }
            directory = null;
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String password() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
