package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Environments of an Organization.",
        subcommands = {EnvCommand.Create.class})
final class EnvCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an Environment (its Git repository).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--org", required = true)
        String org;

        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            JsonNode created;
            try {
                created = connection
                        .client()
                        .send(
                                "POST",
                                "/api/v1/orgs/" + AppCommand.encode(org) + "/environments",
                                Optional.of(ApiClient.json().createObjectNode().put("name", name)),
                                Optional.empty());
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println("catalyst: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            spec.commandLine()
                    .getOut()
                    .println("created " + org + "/" + name + " at "
                            + created.path("commit").asText() + "; clone it from "
                            + connection.server.resolve(
                                    created.at("/environment/repository").asText()));
            return ExitCodes.OK;
        }
    }
}
