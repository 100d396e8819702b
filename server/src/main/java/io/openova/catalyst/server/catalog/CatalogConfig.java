package io.openova.catalyst.server.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where catalog-svc reads the built-in catalog from. */
@ConfigMapping(prefix = "catalyst.catalog")
public interface CatalogConfig {
    /** A folder of {@code <name>/blueprint.yaml}; relative paths resolve against the working directory. */
    @WithDefault("blueprints")
    String path();
}
