package io.openova.catalyst.identity.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link SecretStore}: OpenBao's (or HashiCorp Vault's) KV secrets engine version 2, over its HTTP API.
 * External Secrets reads the same entries to make Kubernetes Secrets of them.
 *
 * <p>The secret key {@code acme/dev/postgres} is the KV path {@code <pathPrefix>/acme/dev/postgres} of the mount: a
 * path per Organization and Environment, one entry per application. The calls ({@code docs/secrets-openbao.md}):
 *
 * <ul>
 *   <li>{@link #put}: {@code POST /v1/<mount>/data/<path> {"data": {...}}}, which makes a new version holding exactly
 *       the given properties: KV version 2 replaces the whole entry, atomically.
 *   <li>{@link #get}: {@code GET /v1/<mount>/data/<path>}; 404 (no entry, or its latest version soft-deleted) is empty.
 *   <li>{@link #delete}: {@code DELETE /v1/<mount>/metadata/<path>}, which removes every version and the metadata, so no
 *       old value lingers in OpenBao's version history.
 *   <li>{@link #list}: {@code GET /v1/<mount>/metadata/<path>} for the prefix itself, then {@code GET
 *       /v1/<mount>/metadata/<folder>/?list=true} folder by folder (names ending in '/' are folders; a name can be both
 *       an entry and a folder, {@code dev} and {@code dev/}).
 *   <li>{@link #deletePrefix}: {@link #list}, then {@link #delete} of each key. Not atomic on OpenBao, which has no
 *       transactions: if a call fails, the exception says how many entries were deleted, the others are still there,
 *       and calling {@code deletePrefix} again finishes the job.
 * </ul>
 *
 * <p>Reads, lists and deletes are retried on 429, 5xx and I/O errors (three attempts in
 * all); writes are not, since a retry could overwrite a newer write that came in between. Thread-safe; {@link #close()}
 * releases the HTTP client.
 */
public final class OpenBaoSecretStore implements SecretStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenBaoSecretStore.class);

    private final OpenBaoApi api;

    public OpenBaoSecretStore(OpenBaoSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A store whose Kubernetes auth judges token expiry by {@code clock}. */
    public OpenBaoSecretStore(OpenBaoSettings settings, Clock clock) {
        this.api = new OpenBaoApi(settings, clock);
        if (settings.isPlainHttpToAnotherHost()) {
            LOGGER.atWarn()
                    .addKeyValue("address", settings.address())
                    .log("OpenBao is reached over plain http: tokens and secrets travel in clear text; use https");
        }
    }

    @Override
    public void put(String key, SortedMap<String, String> properties) {
        SortedMap<String, String> checked = SecretKeys.requireProperties(key, properties);
        ObjectNode body = OpenBaoApi.JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        checked.forEach(data::put);
        String what = "store secret '" + key + "'";
        OpenBaoApi.Answer answer = api.send(OpenBaoApi.Call.post(api.kvPath("data", key), body));
        if (answer.status() == 204) {
            // KV version 1 answers a write with 204 and no version; version 2 always answers 200 with data.version
            throw new OpenBaoException(
                    204,
                    "cannot " + what + ": OpenBao answered " + answer.call().line() + " with 204 and no version: '"
                            + api.settings().mount() + "' is not a KV version 2 mount (enable one with `bao secrets"
                            + " enable -version=2 -path=" + api.settings().mount() + " kv`)");
        }
        if (answer.status() != 200) {
            throw api.failure(answer, what, checked.values());
        }
    }

    @Override
    public Optional<SortedMap<String, String>> get(String key) {
        SecretKeys.requireKey(key);
        OpenBaoApi.Answer answer = api.send(OpenBaoApi.Call.get(api.kvPath("data", key)));
        return switch (answer.status()) {
            case 200 -> properties(key, answer);
            // no entry, or its latest version was soft-deleted (`bao kv delete`) or destroyed
            case 404 -> Optional.empty();
            default -> throw api.failure(answer, "read secret '" + key + "'", List.of());
        };
    }

    @Override
    public void delete(String key) {
        SecretKeys.requireKey(key);
        OpenBaoApi.Answer answer = api.send(OpenBaoApi.Call.delete(api.kvPath("metadata", key)));
        if (answer.status() != 204 && answer.status() != 200 && answer.status() != 404) {
            throw api.failure(answer, "delete secret '" + key + "'", List.of());
        }
    }

    @Override
    public List<String> list(String prefix) {
        SecretKeys.requirePrefix(prefix);
        List<String> keys = new ArrayList<>();
        if (!prefix.isEmpty() && isEntry(prefix)) {
            keys.add(prefix);
        }
        walk(prefix, prefix.isEmpty() ? 0 : prefix.split("/").length, keys);
        keys.sort(Comparator.naturalOrder());
        return List.copyOf(keys);
    }

    @Override
    public void deletePrefix(String prefix) {
        SecretKeys.requireKey(prefix);
        List<String> keys = list(prefix);
        int deleted = 0;
        for (String key : keys) {
            try {
                delete(key);
            } catch (OpenBaoException e) {
                throw new OpenBaoException(
                        e.status(),
                        "deleted " + deleted + " of the " + keys.size() + " secrets under '" + prefix
                                + "', the others are still stored; call deletePrefix again to finish. "
                                + e.getMessage(),
                        e);
            }
            deleted++;
        }
        LOGGER.atDebug()
                .addKeyValue("prefix", prefix)
                .addKeyValue("count", deleted)
                .log("Deleted secrets under prefix");
    }

    /** Releases the HTTP client; the store cannot be used afterwards. */
    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return "OpenBaoSecretStore[" + api.settings() + "]";
    }

    /** {@code data.data} of a read, as a validated, unmodifiable entry; empty if it has no property. */
    private Optional<SortedMap<String, String>> properties(String key, OpenBaoApi.Answer answer) {
        JsonNode data = answer.json().path("data").path("data");
        if (data.isNull() || data.isMissingNode()) {
            return Optional.empty();
        }
        if (!data.isObject()) {
            throw new OpenBaoException(
                    200,
                    "cannot read secret '" + key + "': OpenBao answered "
                            + answer.call().line() + " without a data.data object: is '"
                            + api.settings().mount() + "' a KV version 2 mount?");
        }
        SortedMap<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, JsonNode> property : data.properties()) {
            String name;
            try {
                name = SecretKeys.requireProperty(property.getKey());
            } catch (IllegalArgumentException e) {
                throw new OpenBaoException(
                        200,
                        "cannot read secret '" + key + "' from OpenBao: it was written by something else than Catalyst,"
                                + " " + e.getMessage());
            }
            JsonNode value = property.getValue();
            if (!value.isTextual()) {
                throw new OpenBaoException(
                        200,
                        "cannot read secret '" + key + "' from OpenBao: property '" + name + "' is a JSON "
                                + value.getNodeType().name().toLowerCase(Locale.ROOT)
                                + ", not a string; it was written by something else than Catalyst");
            }
            properties.put(name, value.asText());
        }
        return properties.isEmpty() ? Optional.empty() : Optional.of(RedactedProperties.copyOf(properties));
    }

    /** Whether {@code key} has an entry (metadata: what LIST shows), whatever is nested under it. */
    private boolean isEntry(String key) {
        OpenBaoApi.Answer answer = api.send(OpenBaoApi.Call.get(api.kvPath("metadata", key)));
        return switch (answer.status()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw api.failure(answer, "list secrets under '" + key + "'", List.of());
        };
    }

    /** Adds the keys nested under {@code folder} ("" for all) to {@code keys}, going down at most to the deepest key. */
    private void walk(String folder, int depth, List<String> keys) {
        if (depth >= SecretKeys.MAX_SEGMENTS) {
            return;
        }
        for (String name : listFolder(folder)) {
            boolean isFolder = name.endsWith("/");
            String label = isFolder ? name.substring(0, name.length() - 1) : name;
            String child = folder.isEmpty() ? label : folder + "/" + label;
            try {
                SecretKeys.requireKey(child);
            } catch (IllegalArgumentException e) {
                LOGGER.atWarn()
                        .addKeyValue("folder", folder)
                        .addKeyValue("reason", e.getMessage())
                        .log("Skipping an OpenBao entry whose name is not a secret key");
                continue;
            }
            if (isFolder) {
                walk(child, depth + 1, keys);
            } else {
                keys.add(child);
            }
        }
    }

    /** The names in one folder, as {@code LIST} gives them: entries, and folders ending in '/'. */
    private List<String> listFolder(String folder) {
        String path = api.kvPath("metadata", folder) + "/?list=true";
        OpenBaoApi.Answer answer = api.send(OpenBaoApi.Call.get(path));
        return switch (answer.status()) {
            case 200 -> {
                List<String> names = new ArrayList<>();
                for (JsonNode name : answer.json().path("data").path("keys")) {
                    if (name.isTextual() && !name.asText().isEmpty()) {
                        names.add(name.asText());
                    }
                }
                yield names;
            }
            // OpenBao answers 404 to the list of an empty or absent folder
            case 404 -> List.of();
            default ->
                throw api.failure(answer, "list secrets under '" + (folder.isEmpty() ? "/" : folder) + "'", List.of());
        };
    }
}
