package io.openova.catalyst.cli;

import picocli.CommandLine.Command;

@Command(
        name = "catalyst",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Catalyst: the self-hosted platform control plane.",
        subcommands = {
            BlueprintCommand.class,
            AppCommand.class,
            EnvCommand.class,
            OrgCommand.class,
            LoginCommand.class,
            AuditCommand.class
        })
final class CatalystCommand {}
