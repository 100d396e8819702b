package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "org",
        mixinStandardHelpOptions = true,
        description = "Organizations of the Sovereign (Sovereign admins).",
        subcommands = {OrgCommand.Create.class})
final class OrgCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an Organization.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "A DNS-1123 label of at most 40 characters.")
        String name;

        @Option(names = "--display-name", required = true, description = "What the console shows.")
        String displayName;

        @Option(names = "--tier", description = "FREE, STANDARD (the default) or ENTERPRISE.")
        String tier;

        @Option(names = "--max-environments", description = "Quota of Environments.")
        Integer maxEnvironments;

        @Option(names = "--max-applications", description = "Quota of Applications over all its Environments.")
        Integer maxApplications;

        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            ObjectNode body =
                    ApiClient.json().createObjectNode().put("name", name).put("displayName", displayName);
            if (tier != null) {
                body.put("tier", tier);
            }
            if (maxEnvironments != null || maxApplications != null) {
                ObjectNode quota = body.putObject("quota");
                if (maxEnvironments != null) {
                    quota.put("maxEnvironments", maxEnvironments);
                }
                if (maxApplications != null) {
                    quota.put("maxApplications", maxApplications);
                }
            }
            try {
                connection.client().send("POST", "/api/v1/orgs", Optional.of(body), Optional.empty());
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println("catalyst: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            spec.commandLine().getOut().println("created Organization " + name);
            return ExitCodes.OK;
        }
    }
}
