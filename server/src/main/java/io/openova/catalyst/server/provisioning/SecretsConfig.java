package io.openova.catalyst.server.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where secret config values are kept (docs/secrets-openbao.md); unset: the embedded store in the data directory. */
@ConfigMapping(prefix = "catalyst.secrets")
public interface SecretsConfig {
    OpenBao openbao();

    interface OpenBao {
        /** {@code catalyst.secrets.openbao.address}, such as {@code https://bao.example:8200}. */
        Optional<String> address();

        /** The KV version 2 mount. */
        @WithDefault("secret")
        String mount();

        /** The path under the mount that Catalyst's entries go under: {@code <prefix>/<org>/<env>/<app>}. */
        @WithDefault("catalyst")
        String pathPrefix();

        /** An OpenBao namespace, sent as {@code X-Vault-Namespace}. */
        Optional<String> namespace();

        /** A static token (set this or {@code kubernetes-role}). */
        Optional<String> token();

        /** The role of Kubernetes auth: Catalyst logs in with its service-account token. */
        Optional<String> kubernetesRole();

        @WithDefault("kubernetes")
        String kubernetesMount();

        /** Where the service-account token is read from; the Kubernetes default when unset. */
        Optional<String> kubernetesTokenFile();
    }
}
