package io.openova.catalyst.provisioning.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.EventMeta;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Flux notification-controller event (the JSON body its {@code generic} and {@code generic-hmac} Providers
 * post, docs/events.md "Status from clusters") into Application status events of one Environment.
 *
 * <ul>
 *   <li>a HelmRelease event is about the Application of the same name (Catalyst names both after it): {@code error}
 *       severity → degraded; a reason ending in {@code Succeeded} → ready; anything else → reconciling;
 *   <li>a Kustomization event of Catalyst's own ({@code catalyst-resources}, {@code catalyst-manifests}) is about
 *       the Applications whose namespaces its message names ({@code Kind/namespace/name action} lines): error →
 *       degraded, {@code ReconciliationSucceeded} → ready, else reconciling; its revision {@code main@sha1:<id>} is
 *       the commit.
 * </ul>
 *
 * Other objects give no event. The operation id of a notification is {@code flux-} and a digest of its body, so a
 * notification Flux sends twice is stored once.
 */
public final class FluxNotifications {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT_LINE = Pattern.compile("^[A-Za-z][A-Za-z0-9]*/([a-z0-9][a-z0-9-]*)/\\S+ ");
    private static final Pattern REVISION = Pattern.compile("@sha1:([0-9a-f]{40})$");
    private static final Set<String> CATALYST_KUSTOMIZATIONS = Set.of("catalyst-resources", "catalyst-manifests");

    private FluxNotifications() {}

    /** A body that is not a Flux event; the message names the field. */
    public static final class InvalidNotificationException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidNotificationException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        /** The JSON pointer of the offending field. */
        public String field() {
            return field;
        }
    }

    public static List<ApplicationEvent> events(EnvironmentRef env, byte[] body) throws InvalidNotificationException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidNotificationException(
                    "", "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidNotificationException("", "a Flux event is a JSON object");
        }
        String kind = text(root, "/involvedObject/kind");
        String name = text(root, "/involvedObject/name");
        String severity = text(root, "/severity");
        String reason = root.path("reason").asText("");
        String message = root.path("message").asText("");
        Instant at;
        try {
            at = Instant.parse(text(root, "/timestamp"));
        } catch (DateTimeParseException e) {
            throw new InvalidNotificationException("/timestamp", "not an RFC 3339 time");
        }
        String operation = "flux-" + digest(body);
        Optional<String> commit = Optional.empty();
        Matcher revision = REVISION.matcher(root.at("/metadata/revision").asText(""));
        if (revision.find()) {
            commit = Optional.of(revision.group(1));
        }
        EventMeta meta = new EventMeta(env, operation, commit, at);
        Set<String> applications = new LinkedHashSet<>();
        if (kind.equals("HelmRelease")) {
            applications.add(name);
        } else if (kind.equals("Kustomization") && CATALYST_KUSTOMIZATIONS.contains(name)) {
            message.lines().forEach(line -> {
                Matcher m = OBJECT_LINE.matcher(line);
                if (m.find()) {
                    applications.add(m.group(1));
                }
            });
        }
        boolean error = severity.equals("error");
        boolean ready = !error && (reason.endsWith("Succeeded") && !reason.equals("UninstallSucceeded"));
        List<ApplicationEvent> out = new ArrayList<>();
        for (String app : applications) {
            if (!Names.isValid(app)) {
                continue;
            }
            if (error) {
                out.add(new ApplicationEvent.Degraded(meta, app, reason, message));
            } else if (ready) {
                out.add(new ApplicationEvent.Ready(meta, app, reason, message));
            } else {
                out.add(new ApplicationEvent.Reconciling(meta, app, reason, message));
            }
        }
        return out;
    }

    private static String text(JsonNode root, String pointer) throws InvalidNotificationException {
        JsonNode node = root.at(pointer);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidNotificationException(pointer, "missing or not a string");
        }
        return node.asText();
    }

    private static String digest(byte[] body) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(sha, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
