package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Logs in to a Catalyst in the local-accounts mode and prints the session's bearer token, and nothing else, for
 * {@code export CATALYST_TOKEN=$(catalyst login --username admin)}. The password is read from the first line of
 * standard input, never from an argument (arguments show in the process list). When the account must change its
 * password (the first start's one-time password), the second line is the new one.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in with a local account; prints the bearer token for CATALYST_TOKEN.",
            "The password is the first line of standard input; if the password must be changed, the new one is the"
                    + " second line."
        })
final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--username", required = true, description = "The account.")
    String username;

    @Option(
            names = "--server",
            defaultValue = "${env:CATALYST_SERVER:-http://localhost:8080}",
            description = "Catalyst server (default: $CATALYST_SERVER or ${DEFAULT-VALUE}).")
    URI server;

    @Override
    public Integer call() {
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String password = input.readLine();
            if (password == null || password.isEmpty()) {
                return fail("no password on standard input: printf '%s\\n' \"$PASSWORD\" | catalyst login ...");
            }
            ObjectNode credentials = ApiClient.json()
                    .createObjectNode()
                    .put("username", username)
                    .put("password", password);
            JsonNode session = new ApiClient(server, null)
                    .send("POST", "/api/v1/session", Optional.of(credentials), Optional.empty());
            String token = session.path("token").asText();
            if (session.path("mustChangePassword").asBoolean(false)) {
                String newPassword = input.readLine();
                if (newPassword == null || newPassword.isEmpty()) {
                    return fail("the password must be changed first: give the new password as the second line of"
                            + " standard input");
                }
                ObjectNode change = ApiClient.json()
                        .createObjectNode()
                        .put("currentPassword", password)
                        .put("newPassword", newPassword);
                token = new ApiClient(server, token)
                        .send("POST", "/api/v1/session/password", Optional.of(change), Optional.empty())
                        .path("token")
                        .asText();
            }
            spec.commandLine().getOut().println(token);
            return ExitCodes.OK;
        } catch (ApiClient.ApiError e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("cannot read the password from standard input: " + e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("catalyst: " + message);
        return ExitCodes.ERROR;
    }
}
