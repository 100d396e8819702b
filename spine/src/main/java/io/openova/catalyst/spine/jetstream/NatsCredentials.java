package io.openova.catalyst.spine.jetstream;

import java.nio.file.Path;

/**
 * How the control plane authenticates as the user of one Organization's NATS account. Secrets never appear in a
 * {@code toString()}.
 */
public sealed interface NatsCredentials {

    /**
     * A user and password from the account's {@code users} list in the server configuration (the server may hold a
     * bcrypt hash of the password).
     */
    record UserPassword(String user, String password) implements NatsCredentials {
        public UserPassword {
            if (user == null || user.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("NATS user and password must not be empty");
            }
        }

        @Override
        public String toString() {
            return "UserPassword[user=" + user + ", password=<redacted>]";
        }
    }

    /**
     * A NATS credentials file (a user JWT and its NKey seed, as {@code nsc} writes them), for servers in operator
     * mode where Organization accounts are JWTs.
     */
    record CredentialsFile(Path path) implements NatsCredentials {
        public CredentialsFile {
            if (path == null) {
                throw new IllegalArgumentException("NATS credentials file must not be null");
            }
        }
    }
}
