package io.openova.catalyst.server.provisioning;

import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.secrets.EmbeddedSecretStore;
import io.openova.catalyst.identity.secrets.OpenBaoAuth;
import io.openova.catalyst.identity.secrets.OpenBaoSecretStore;
import io.openova.catalyst.identity.secrets.OpenBaoSettings;
import io.openova.catalyst.identity.secrets.SecretStore;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.server.catalog.CatalogService;
import io.openova.catalyst.server.events.SpinePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * Local Git repositories under the data directory, and the secret store: the embedded, encrypted one beside them, or
 * OpenBao.
 */
@ApplicationScoped
public class ProvisioningWiring {

    @Produces
    @ApplicationScoped
    LocalEnvironmentRepositories repositories(DataConfig config) {
        return new LocalEnvironmentRepositories(Path.of(config.dataDir()).resolve("git"), Clock.systemUTC());
    }

    void close(@Disposes LocalEnvironmentRepositories repositories) {
        repositories.close();
    }

    /** OpenBao when {@code catalyst.secrets.openbao.address} is set (docs/secrets-openbao.md), else the embedded store. */
    @Produces
    @Singleton
    SecretStore secrets(DataConfig config, SecretsConfig secrets) {
        SecretsConfig.OpenBao bao = secrets.openbao();
        if (bao.address().isEmpty()) {
            return new EmbeddedSecretStore(Path.of(config.dataDir()));
        }
        OpenBaoAuth auth;
        if (bao.token().isPresent() == bao.kubernetesRole().isPresent()) {
            throw new IllegalStateException("with catalyst.secrets.openbao.address set, set exactly one of"
                    + " catalyst.secrets.openbao.token and catalyst.secrets.openbao.kubernetes-role");
        }
        if (bao.token().isPresent()) {
            auth = OpenBaoAuth.token(bao.token().get());
        } else {
            OpenBaoAuth.Kubernetes kubernetes =
                    OpenBaoAuth.kubernetes(bao.kubernetesRole().get()).withMount(bao.kubernetesMount());
            auth = bao.kubernetesTokenFile()
                    .map(Path::of)
                    .map(kubernetes::withJwtFile)
                    .orElse(kubernetes);
        }
        OpenBaoSettings settings = OpenBaoSettings.of(URI.create(bao.address().get()), auth)
                .withMount(bao.mount())
                .withPathPrefix(bao.pathPrefix());
        if (bao.namespace().isPresent()) {
            settings = settings.withNamespace(bao.namespace().get());
        }
        return new OpenBaoSecretStore(settings);
    }

    void close(@Disposes SecretStore secrets) throws Exception {
        if (secrets instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @ApplicationScoped
    Provisioning provisioning(
            CatalogService catalogs,
            LocalEnvironmentRepositories repositories,
            SecretStore secrets,
            SpinePublisher publisher) {
        EnvironmentRepositories port = repositories;
        return new Provisioning(
                catalogs::catalog, port, secrets, () -> UUID.randomUUID().toString(), publisher, Clock.systemUTC());
    }
}
