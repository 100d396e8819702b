package io.openova.catalyst.server.provisioning;

import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.secrets.EmbeddedSecretStore;
import io.openova.catalyst.identity.secrets.SecretStore;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.server.catalog.CatalogService;
import io.openova.catalyst.server.events.SpinePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/** The embedded defaults: local Git repositories and the encrypted secret store, under the data directory. */
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

    @Produces
    @ApplicationScoped
    EmbeddedSecretStore secrets(DataConfig config) {
        return new EmbeddedSecretStore(Path.of(config.dataDir()));
    }

    void close(@Disposes EmbeddedSecretStore secrets) {
        secrets.close();
    }

    @Produces
    @ApplicationScoped
    Provisioning provisioning(
            CatalogService catalogs,
            LocalEnvironmentRepositories repositories,
            EmbeddedSecretStore secrets,
            SpinePublisher publisher) {
        EnvironmentRepositories port = repositories;
        SecretStore store = secrets;
        return new Provisioning(
                catalogs::catalog, port, store, () -> UUID.randomUUID().toString(), publisher, Clock.systemUTC());
    }
}
