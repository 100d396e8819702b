package io.openova.catalyst.server.security;

import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.identity.accounts.LoginResult;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers and Organizations for the server's tests, in the local-accounts mode: users are created through
 * {@link LocalAccounts} and log in for real, Organizations go into the real directory.
 */
public final class TestIdentity {
    /** The password of every user the tests create. */
    public static final String PASSWORD = "test-password-42";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private TestIdentity() {}

    /** Makes every RestAssured request of the test a Sovereign admin's (the tests written before tenancy). */
    public static void signInAsSovereignAdmin() {
        RestAssured.authentication = RestAssured.oauth2(sovereignAdminToken());
    }

    public static String sovereignAdminToken() {
        return token("test-admin", Optional.empty(), Set.of(Role.SOVEREIGN_ADMIN));
    }

    /** A session token of the user, created with {@code roles} in {@code organization} on first use. */
    public static String token(String username, Optional<String> organization, Set<Role> roles) {
        LocalAccounts accounts = accounts();
        String key = System.identityHashCode(accounts) + "/" + username;
        return TOKENS.computeIfAbsent(key, k -> {
            LoginResult result;
            if (accounts.findUser(username).isEmpty()) {
                String initial = "initial-" + PASSWORD;
                accounts.createUser(username, organization, roles, initial);
                result = accounts.changePassword(username, initial, PASSWORD);
            } else {
                result = accounts.login(username, PASSWORD);
            }
            return switch (result) {
                case LoginResult.Success success -> success.session().token();
                case LoginResult.Failure failure ->
                    throw new IllegalStateException("test user " + username + " cannot log in: " + failure);
            };
        });
    }

    /** Makes sure the Organization exists, with room for what tests do; a name that is no label is left alone. */
    public static String organization(String name) {
        if (Names.problem(name).isPresent()) {
            return name;
        }
        OrganizationDirectory directory =
                Arc.container().instance(OrganizationDirectory.class).get();
        directory.create(new Organization(
                name,
                name,
                Organization.Tier.STANDARD,
                new Organization.Quota(1_000, 10_000, 1_000_000, 1_000_000),
                List.of()));
        return name;
    }

    public static LocalAccounts accounts() {
        return Arc.container()
                .instance(Authenticator.class)
                .get()
                .accounts()
                .orElseThrow(() -> new IllegalStateException("the test server is not in local-accounts mode"));
    }
}
