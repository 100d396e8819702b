package io.openova.catalyst.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the Catalyst server is and who calls it: the options of the commands that call the API (a mixin). */
final class Connection {
    @Option(
            names = "--server",
            defaultValue = "${env:CATALYST_SERVER:-http://localhost:8080}",
            description = "Catalyst server (default: $CATALYST_SERVER or ${DEFAULT-VALUE}).")
    URI server;

    @Option(
            names = "--token",
            defaultValue = "${env:CATALYST_TOKEN}",
            description = "Bearer token (default: $CATALYST_TOKEN, from 'catalyst login'; prefer the variable,"
                    + " since arguments show in the process list).")
    String token;

    ApiClient client() {
        return new ApiClient(server, token);
    }
}
