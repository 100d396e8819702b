package io.openova.catalyst.server.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Catalyst keeps its embedded state. */
@ConfigMapping(prefix = "catalyst")
public interface DataConfig {
    /** Environment repositories under {@code git/}, the secret store beside them; relative to the working directory. */
    @WithDefault(".catalyst")
    String dataDir();
}
