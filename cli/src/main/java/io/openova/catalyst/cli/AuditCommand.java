package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description =
                "The audit log, newest first: an Organization's (its admins) or the Sovereign's (Sovereign admins).")
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--org", description = "The Organization's log (default: every Organization's, merged).")
    String org;

    @Option(names = "--actor", description = "Only this caller's entries.")
    String actor;

    @Option(names = "--action", description = "Only this action, such as application.install.")
    String action;

    @Option(names = "--result", description = "Only success, refused or failed.")
    String result;

    @Option(names = "--env", description = "Only requests about this Environment.")
    String environment;

    @Option(names = "--since", description = "Only entries at or after this instant (2026-11-22T10:00:00Z).")
    String since;

    @Option(names = "--until", description = "Only entries before this instant.")
    String until;

    @Option(names = "--limit", description = "Entries per page, 1 to 500 (default 100).")
    Integer limit;

    @Option(names = "--cursor", description = "Start after the end of a previous page, as printed.")
    String cursor;

    @Option(names = "--all", description = "Follow every page to the oldest entry.")
    boolean all;

    @Mixin
    Connection connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = connection.client();
        String path = path();
        try {
            while (true) {
                ApiClient.Answer answer = client.page(path);
                for (JsonNode entry : answer.body()) {
                    out.println(line(entry));
                }
                if (answer.next().isEmpty()) {
                    return ExitCodes.OK;
                }
                if (!all) {
                    cursor(answer.next().get()).ifPresent(next -> spec.commandLine()
                            .getErr()
                            .println("more entries: add --cursor " + next + " (or --all)"));
                    return ExitCodes.OK;
                }
                path = answer.next().get();
            }
        } catch (ApiClient.ApiError e) {
            spec.commandLine().getErr().println("catalyst: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }

    private String path() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", limit == null ? null : limit.toString());
        query.put("actor", actor);
        query.put("action", action);
        query.put("result", result);
        query.put("environment", environment);
        query.put("since", since);
        query.put("until", until);
        query.put("cursor", cursor);
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(name + "=" + AppCommand.encode(value));
            }
        });
        String log = org == null ? "/api/v1/audit" : "/api/v1/orgs/" + AppCommand.encode(org) + "/audit";
        return log + parameters;
    }

    /** {@code 2026-11-22T10:00:00Z acme alice application.install success 201 /api/v1/... op-1}. */
    private static String line(JsonNode entry) {
        return String.join(
                "  ",
                entry.path("time").asText(),
                entry.path("organization").asText(),
                entry.path("actor").asText(),
                entry.path("action").asText(),
                entry.path("result").asText() + " " + entry.path("status").asText(),
                entry.path("target").asText(),
                entry.path("operationId").asText("-"));
    }

    private static Optional<String> cursor(String link) {
        int query = link.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String parameter : link.substring(query + 1).split("&")) {
            if (parameter.startsWith("cursor=")) {
                return Optional.of(URLDecoder.decode(parameter.substring("cursor=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
