package io.openova.catalyst.identity.secrets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link OpenBaoSecretStore} authenticates to OpenBao: a {@link Token} given by the operator, or a {@link Kubernetes}
 * login with the pod's service-account token. {@code toString()} never shows a token.
 */
public sealed interface OpenBaoAuth {

    /** A static token, sent as {@code X-Vault-Token}. */
    static Token token(String token) {
        return new Token(token);
    }

    /**
     * A Kubernetes login as {@code role} at the auth mount {@value Kubernetes#DEFAULT_MOUNT}, with the service-account
     * token at {@link Kubernetes#DEFAULT_JWT_FILE}.
     */
    static Kubernetes kubernetes(String role) {
        return new Kubernetes(role, Kubernetes.DEFAULT_MOUNT, Kubernetes.DEFAULT_JWT_FILE);
    }

    /**
     * A token issued to Catalyst by an operator ({@code bao token create -policy=catalyst}). Nothing renews it: when it
     * expires or is revoked, every call fails with a 403 until the configuration holds a valid token. Prefer
     * {@link Kubernetes} in a cluster.
     *
     * @param token the token, without whitespace or control characters
     */
    record Token(String token) implements OpenBaoAuth {
        public Token {
            OpenBaoSettings.requireHeaderValue("OpenBao token", token);
        }

        @Override
        public String toString() {
            return "Token[token=***]";
        }
    }

    /**
     * The Kubernetes auth method: {@code POST /v1/auth/<mount>/login {"role": role, "jwt": <contents of jwtFile>}}. The
     * store logs in on first use, logs in again shortly before the token's {@code lease_duration} runs out and whenever
     * OpenBao answers 403, and reads {@code jwtFile} at every login, so a projected service-account token that the
     * kubelet rotates is picked up.
     *
     * @param role the OpenBao role bound to Catalyst's service account
     * @param mount where the Kubernetes auth method is enabled, without {@code auth/} ({@value #DEFAULT_MOUNT} by
     *     default)
     * @param jwtFile the service-account token file ({@link #DEFAULT_JWT_FILE} in a pod)
     */
    record Kubernetes(String role, String mount, Path jwtFile) implements OpenBaoAuth {
        public static final String DEFAULT_MOUNT = "kubernetes";
        public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

        public Kubernetes {
            OpenBaoSettings.requireHeaderValue("OpenBao Kubernetes role", role);
            mount = OpenBaoSettings.requirePath("OpenBao Kubernetes auth mount", mount);
            Objects.requireNonNull(jwtFile, "jwtFile");
        }

        /** The same login with another auth mount. */
        public Kubernetes withMount(String mount) {
            return new Kubernetes(role, mount, jwtFile);
        }

        /** The same login with the service-account token read from another file. */
        public Kubernetes withJwtFile(Path jwtFile) {
            return new Kubernetes(role, mount, jwtFile);
        }
    }
}
