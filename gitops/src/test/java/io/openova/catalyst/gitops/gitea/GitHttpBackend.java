package io.openova.catalyst.gitops.gitea;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The real Git smart-HTTP server: {@code git http-backend} run as a CGI program for one request (RFC 3875), the way
 * Apache or nginx+fcgiwrap serve Git. The repositories under the project root must enable {@code http.receivepack} to
 * accept pushes.
 */
final class GitHttpBackend {
    private final Path projectRoot;
    private final Path home;
    private final Path log;

    /**
     * @param projectRoot {@code GIT_PROJECT_ROOT}: the request path {@code /<org>/<name>.git/...} is relative to it
     * @param home an empty directory used as {@code HOME}, so no user configuration leaks in
     * @param log where the standard error of {@code git http-backend} is appended
     */
    GitHttpBackend(Path projectRoot, Path home, Path log) {
        this.projectRoot = projectRoot;
        this.home = home;
        this.log = log;
    }

    /** Runs {@code git http-backend} for the exchange, as {@code user}, and sends its answer. */
    void serve(HttpExchange exchange, String user, byte[] body) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", Objects.toString(exchange.getRequestURI().getRawQuery(), ""));
        env.put("CONTENT_TYPE", Objects.toString(exchange.getRequestHeaders().getFirst("Content-Type"), ""));
        if (exchange.getRequestMethod().equals("POST")) {
            env.put("CONTENT_LENGTH", String.valueOf(body.length));
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            } catch (IOException e) {
                // git http-backend stopped reading: its answer says why
            }
        });
        byte[] output;
        try (InputStream out = process.getInputStream()) {
            output = out.readAllBytes();
        }
        try {
            writer.join();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("git http-backend did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        respond(exchange, output);
    }

    /** Sends a CGI answer: header lines ({@code Status: 404 Not Found} among them), a blank line, the body. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int end = headerEnd(output);
        if (end < 0) {
            throw new UncheckedIOException(new IOException(
                    "git http-backend wrote no CGI header: " + new String(output, StandardCharsets.UTF_8)));
        }
        int status = 200;
        String head = new String(output, 0, end, StandardCharsets.ISO_8859_1);
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.toLowerCase(Locale.ROOT).equals("status")) {
                status = Integer.parseInt(value.split(" ", 2)[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int bodyStart = end + (output[end] == '\r' ? 4 : 2);
        int length = output.length - bodyStart;
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(output, bodyStart, length);
            }
        }
        exchange.close();
    }

    /** Where the blank line after the CGI headers starts ({@code \r\n\r\n} or {@code \n\n}), -1 if there is none. */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < output.length
                    && output[i] == '\r'
                    && output[i + 1] == '\n'
                    && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Runs {@code git} with {@code arguments} in {@code directory}; fails with its output if it fails. */
    static String git(Path directory, Path home, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Gitea Admin");
        env.put("GIT_AUTHOR_EMAIL", "admin@gitea.example.com");
        env.put("GIT_COMMITTER_NAME", "Gitea Admin");
        env.put("GIT_COMMITTER_EMAIL", "admin@gitea.example.com");
        try {
            Process process = builder.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            }
            int exit = process.waitFor();
            String text = output.toString(StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new IllegalStateException("git " + String.join(" ", arguments) + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
