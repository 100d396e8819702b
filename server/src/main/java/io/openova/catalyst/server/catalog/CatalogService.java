package io.openova.catalyst.server.catalog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.Problem;
import io.openova.catalyst.provisioning.compose.ManifestLint;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current catalog. Loaded and fully validated at start: an invalid built-in catalog stops the server
 * with the same lines {@code catalyst blueprint lint} prints.
 */
@ApplicationScoped
@Startup
public class CatalogService {
    /** The name of the one Blueprint source the server reads today: its catalog folder. */
    public static final String BUILT_IN_SOURCE = "builtin";

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogService.class);

    private final AtomicReference<Catalog> current = new AtomicReference<>();

    @Inject
    public CatalogService(CatalogConfig config, MeterRegistry registry) {
        current.set(load(config.path()));
        Gauge.builder("catalyst.catalog.blueprints", current, c -> c.get().size())
                .description("Blueprints in the catalog")
                .register(registry);
    }

    CatalogService(Catalog catalog) {
        current.set(catalog);
    }

    public Catalog catalog() {
        return current.get();
    }

    /** Loads and validates the catalog at {@code path}; throws {@link InvalidCatalogException} on any problem. */
    public static Catalog load(String path) {
        CatalogLoader.LoadResult result;
        try {
            result = new CatalogLoader().load(List.of(new DirectoryBlueprintSource(BUILT_IN_SOURCE, Path.of(path))));
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "cannot read it" : e.getReason();
            throw new UncheckedIOException("cannot read the catalog at " + path + ": " + reason, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog at " + path + ": " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw new InvalidCatalogException(path, result.problems());
        }
        List<Problem> manifests = ManifestLint.lint(result.catalog());
        if (!manifests.isEmpty()) {
            throw new InvalidCatalogException(path, manifests);
        }
        LOGGER.info(
                "catalog loaded: path={} blueprints={} revision={}",
                path,
                result.catalog().size(),
                result.catalog().revision());
        return result.catalog();
    }
}
