package io.openova.catalyst.spine.jetstream;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up the credentials of an Organization's NATS account: the JetStream adapters connect to each Organization's
 * account with its own credentials, so the server, not Catalyst's code, keeps Organizations apart. Called once per
 * Organization when its connection is first opened (and again if that connection was closed for good).
 */
@FunctionalInterface
public interface NatsCredentialsProvider {

    /** The credentials of {@code organization}'s account, or empty if it has none (the spine then refuses it). */
    Optional<NatsCredentials> credentialsFor(String organization);

    /** A provider answering from a fixed map, Organization to credentials. */
    static NatsCredentialsProvider of(Map<String, NatsCredentials> credentials) {
        Map<String, NatsCredentials> copy = Map.copyOf(credentials);
        return organization -> Optional.ofNullable(copy.get(organization));
    }
}
