package io.openova.catalyst.identity.secrets;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The secret-store port: named entries of secret properties, kept out of Git. Production runs on OpenBao (KV v2, read
 * by External Secrets); the embedded default is {@link EmbeddedSecretStore}.
 *
 * <p>A key is a path of 1 to {@value SecretKeys#MAX_SEGMENTS} DNS-1123 labels separated by '/', such as
 * {@code acme/dev/postgres} ({@code <org>/<env>/<app>}). A property name is a Kubernetes Secret data key (letters,
 * digits, '.', '_', '-'), such as {@code superuserPassword} or {@code backup.s3Key}. Invalid keys, property names or
 * values are rejected with an {@link IllegalArgumentException} before anything is stored; storage failures are
 * {@link SecretStoreException}s.
 *
 * <p>Values are never logged, never part of an exception message and never part of a {@code toString()}: the maps
 * returned by {@link #get} print {@code <redacted>} in place of each value.
 */
public interface SecretStore {

    /**
     * Stores {@code properties} as the entry {@code key}, replacing the whole previous entry (properties not in
     * {@code properties} are gone afterwards). All properties are written or none.
     *
     * @throws IllegalArgumentException if the key or a property name is invalid, a value is missing or too large, or
     *     {@code properties} is empty (use {@link #delete} to remove an entry)
     */
    void put(String key, SortedMap<String, String> properties);

    /** The properties of entry {@code key}, unmodifiable and sorted by name, or empty if there is no such entry. */
    Optional<SortedMap<String, String>> get(String key);

    /** Removes entry {@code key}; does nothing if there is none. Entries nested under {@code key} are kept. */
    void delete(String key);

    /**
     * The keys equal to {@code prefix} or nested under it ({@code prefix + "/..."}), sorted. Prefixes match whole
     * segments: {@code acme/dev} lists {@code acme/dev/web} but not {@code acme/dev2/web}. The empty prefix lists
     * every key.
     */
    List<String> list(String prefix);

    /**
     * Removes the entries {@code list(prefix)} would return, in one step (used when an Environment or Organization is
     * deleted). The prefix must be a valid, non-empty key.
     */
    void deletePrefix(String prefix);
}
