package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        description = "Install, preview, reconfigure, upgrade and uninstall Applications through the Catalyst API.",
        subcommands = {
            AppCommand.Install.class,
            AppCommand.Preview.class,
            AppCommand.Reconfigure.class,
            AppCommand.Upgrade.class,
            AppCommand.Uninstall.class,
            AppCommand.ListApps.class
        })
final class AppCommand {

    /** Where the server is and which Environment the command is about. */
    static final class Target {
        @Option(
                names = "--server",
                defaultValue = "${env:CATALYST_SERVER:-http://localhost:8080}",
                description = "Catalyst server (default: $CATALYST_SERVER or ${DEFAULT-VALUE}).")
        URI server;

        @Option(
                names = "--token",
                defaultValue = "${env:CATALYST_TOKEN}",
                description = "Bearer token (default: $CATALYST_TOKEN, from 'catalyst login'; prefer the variable,"
                        + " since arguments show in the process list).")
        String token;

        @Option(names = "--org", required = true, description = "Organization.")
        String org;

        @Option(names = "--env", required = true, description = "Environment.")
        String env;

        String applications() {
            return "/api/v1/orgs/" + encode(org) + "/environments/" + encode(env) + "/applications";
        }
    }

    /** The config: a file and/or key=value pairs. */
    static final class Config {
        @Option(
                names = {"-f", "--values"},
                paramLabel = "FILE",
                description = "Config as a JSON file.")
        Optional<Path> file = Optional.empty();

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description =
                        "Set one config field; dots nest (storage.size=20Gi); the value is JSON if it parses as JSON.")
        List<String> sets = new ArrayList<>();

        Optional<JsonNode> build() throws IOException {
            if (file.isEmpty() && sets.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode config = ApiClient.json().createObjectNode();
            if (file.isPresent()) {
                JsonNode read = ApiClient.json().readTree(Files.readString(file.get()));
                if (!read.isObject()) {
                    throw new IOException(file.get() + ": the config must be a JSON object");
                }
                config.setAll((ObjectNode) read);
            }
            for (String set : sets) {
                int equals = set.indexOf('=');
                if (equals < 1) {
                    throw new IOException("--set '" + set + "': expected KEY=VALUE");
                }
                String[] path = set.substring(0, equals).split("\\.");
                ObjectNode parent = config;
                for (int i = 0; i < path.length - 1; i++) {
                    JsonNode child = parent.get(path[i]);
                    parent = child instanceof ObjectNode object ? object : parent.putObject(path[i]);
                }
                parent.set(path[path.length - 1], value(set.substring(equals + 1)));
            }
            return Optional.of(config);
        }

        private static JsonNode value(String text) {
            try {
                return ApiClient.json().readTree(text);
            } catch (IOException e) {
                return ApiClient.json().getNodeFactory().textNode(text);
            }
        }
    }

    static final class Common {
        @Option(
                names = "--idempotency-key",
                paramLabel = "KEY",
                description = "Makes a retry safe: same key, same result.")
        Optional<String> idempotencyKey = Optional.empty();

        @Option(names = "--diff", description = "Print the file diff of the commit.")
        boolean diff;
    }

    abstract static class Mutation implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @Mixin
        Common common;

        abstract String method();

        abstract String path();

        abstract Optional<JsonNode> body() throws IOException;

        boolean preview() {
            return false;
        }

        @Override
        public Integer call() throws Exception {
            ApiClient client = new ApiClient(target.server, target.token);
            String query = preview() ? "?preview=true" : "";
            JsonNode outcome;
            try {
                outcome = client.send(method(), path() + query, body(), common.idempotencyKey);
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println("catalyst: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            print(spec.commandLine().getOut(), outcome, common.diff || preview());
            return ExitCodes.OK;
        }
    }

    static void print(PrintWriter out, JsonNode outcome, boolean diff) {
        String action = outcome.path("action").asText();
        if (outcome.path("preview").asBoolean()) {
            out.println("preview of " + action + ": "
                    + (outcome.path("changed").asBoolean()
                            ? outcome.path("diff").size() + " files would change"
                            : "no change"));
        } else {
            out.println(action + ": " + (outcome.path("replayed").asBoolean() ? "already done, " : "")
                    + (outcome.path("changed").asBoolean() ? "committed " : "nothing to change at ")
                    + outcome.path("commit").asText() + " (operation "
                    + outcome.path("operationId").asText() + ")");
        }
        if (diff) {
            for (JsonNode file : outcome.path("diff")) {
                out.print(file.path("diff").asText());
            }
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = "Install a Blueprint as an Application.")
    static class Install extends Mutation {
        @Parameters(index = "0", paramLabel = "NAME", description = "Application name (a DNS-1123 label).")
        String name;

        @Option(names = "--blueprint", required = true, description = "Blueprint to install.")
        String blueprint;

        @Option(names = "--version", description = "Blueprint version (default: the catalog's).")
        Optional<String> version = Optional.empty();

        @Mixin
        Config config;

        @Override
        String method() {
            return "POST";
        }

        @Override
        String path() {
            return target.applications();
        }

        @Override
        Optional<JsonNode> body() throws IOException {
            ObjectNode body =
                    ApiClient.json().createObjectNode().put("name", name).put("blueprint", blueprint);
            version.ifPresent(v -> body.put("version", v));
            config.build().ifPresent(c -> body.set("config", c));
            return Optional.of(body);
        }
    }

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = "Show the exact diff an install would commit, without committing.")
    static final class Preview extends Install {
        @Override
        boolean preview() {
            return true;
        }
    }

    @Command(name = "reconfigure", mixinStandardHelpOptions = true, description = "Replace an Application's config.")
    static final class Reconfigure extends Mutation {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        Config config;

        @Option(names = "--preview", description = "Show the diff without committing.")
        boolean preview;

        @Override
        boolean preview() {
            return preview;
        }

        @Override
        String method() {
            return "PUT";
        }

        @Override
        String path() {
            return target.applications() + "/" + encode(name);
        }

        @Override
        Optional<JsonNode> body() throws IOException {
            ObjectNode body = ApiClient.json().createObjectNode();
            config.build().ifPresent(c -> body.set("config", c));
            return Optional.of(body);
        }
    }

    @Command(
            name = "upgrade",
            mixinStandardHelpOptions = true,
            description = "Move an Application to another Blueprint version.")
    static final class Upgrade extends Mutation {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--version", required = true, description = "Blueprint version to move to.")
        String version;

        @Option(names = "--preview", description = "Show the diff without committing.")
        boolean preview;

        @Override
        boolean preview() {
            return preview;
        }

        @Override
        String method() {
            return "POST";
        }

        @Override
        String path() {
            return target.applications() + "/" + encode(name) + "/upgrade";
        }

        @Override
        Optional<JsonNode> body() {
            return Optional.of(ApiClient.json().createObjectNode().put("version", version));
        }
    }

    @Command(
            name = "uninstall",
            mixinStandardHelpOptions = true,
            description = "Remove an Application; Flux prunes it.")
    static final class Uninstall extends Mutation {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--preview", description = "Show the diff without committing.")
        boolean preview;

        @Override
        boolean preview() {
            return preview;
        }

        @Override
        String method() {
            return "DELETE";
        }

        @Override
        String path() {
            return target.applications() + "/" + encode(name);
        }

        @Override
        Optional<JsonNode> body() {
            return Optional.empty();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the Applications of an Environment.")
    static final class ListApps implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @Override
        public Integer call() {
            JsonNode apps;
            try {
                apps = new ApiClient(target.server, target.token)
                        .send("GET", target.applications(), Optional.empty(), Optional.empty());
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println("catalyst: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-28s %-24s %-10s %s%n", "NAME", "BLUEPRINT", "VERSION", "PART OF");
            for (JsonNode app : apps) {
                out.printf(
                        "%-28s %-24s %-10s %s%n",
                        app.path("name").asText(),
                        app.path("blueprint").asText(),
                        app.path("version").asText(),
                        app.path("partOf").asText(""));
            }
            return ExitCodes.OK;
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
