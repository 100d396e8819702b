package io.openova.catalyst.provisioning.compose;

import io.openova.catalyst.api.environment.Names;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Catalyst's record of one Application installed in an Environment: the file {@code .catalyst/applications/<name>.yaml}
 * of the Environment repository, from which the rest of the repository is composed.
 *
 * @param name the Application's name, a DNS-1123 label; also its namespace
 * @param blueprint the Blueprint installed
 * @param version the Blueprint version installed
 * @param values only what the user changed from the Blueprint's defaults; never a secret value. Held in canonical
 *     form: whole numbers as {@code Long} (or {@code BigInteger}), others as {@code BigDecimal} without trailing zeros
 * @param secrets JSON pointers of the secret fields whose values are in the secret store, sorted, no duplicates
 * @param partOf the composite Application this one is a member of
 * @param secretsRevision an opaque id that changes whenever the secret values change (the operation that changed
 *     them), never derived from the values; written into the ExternalSecret so a secret-only change is a commit that
 *     makes the cluster fetch the new values
 */
public record ApplicationRecord(
        String name,
        String blueprint,
        String version,
        Map<String, Object> values,
        List<String> secrets,
        Optional<String> partOf,
        Optional<String> secretsRevision) {

    public ApplicationRecord {
        Names.require("application", name);
        requireText("blueprint", blueprint);
        requireText("version", version);
        Objects.requireNonNull(values, "values");
        values = CanonicalValues.object(values);
        for (String pointer : Objects.requireNonNull(secrets, "secrets")) {
            if (pointer == null || !pointer.startsWith("/")) {
                throw new IllegalArgumentException("secret '" + pointer + "' is not a JSON pointer to a field");
            }
        }
        secrets = List.copyOf(new TreeSet<>(secrets));
        Objects.requireNonNull(partOf, "partOf");
        partOf.ifPresent(parent -> Names.require("partOf", parent));
        if (partOf.filter(name::equals).isPresent()) {
            throw new IllegalArgumentException("application '" + name + "' cannot be part of itself");
        }
        Objects.requireNonNull(secretsRevision, "secretsRevision");
        secretsRevision.ifPresent(r -> requireText("secretsRevision", r));
    }

    /** A record whose secrets were never changed through Catalyst. */
    public ApplicationRecord(
            String name,
            String blueprint,
            String version,
            Map<String, Object> values,
            List<String> secrets,
            Optional<String> partOf) {
        this(name, blueprint, version, values, secrets, partOf, Optional.empty());
    }

    /** An Application with the Blueprint's defaults, no secrets, not part of a composite. */
    public static ApplicationRecord of(String name, String blueprint, String version) {
        return new ApplicationRecord(name, blueprint, version, Map.of(), List.of(), Optional.empty());
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
