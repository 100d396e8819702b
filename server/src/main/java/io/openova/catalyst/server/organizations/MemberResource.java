package io.openova.catalyst.server.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.Account;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.provisioning.RequestBodies;
import io.openova.catalyst.server.security.Authenticator;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The local accounts of an Organization, managed by its admins (local-accounts mode only; with OIDC the identity
 * provider holds the members). A new member's password is the one the admin gives, and must be changed at the first
 * login. Nobody makes a Sovereign admin here.
 */
@Path("/api/v1/orgs/{org}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "organizations")
public class MemberResource {
    private static final Set<Role> GRANTABLE = EnumSet.of(Role.VIEWER, Role.DEVELOPER, Role.ORG_ADMIN);

    private final Authenticator authenticator;

    MemberResource(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** A member as the API shows it: never a password or its hash. */
    public record Member(String username, List<String> roles, boolean mustChangePassword, boolean locked) {
        static Member of(Account account) {
            return new Member(
                    account.username(),
                    account.roles().stream().map(Role::claimName).sorted().toList(),
                    account.mustChangePassword(),
                    account.lockedUntil().isPresent());
        }
    }

    @GET
    @Authorize(Action.MEMBERS_MANAGE)
    @Operation(summary = "Members of an Organization", description = "Local accounts only.")
    public List<Member> list(@PathParam("org") String org) {
        return accounts().listUsers(Optional.of(org)).stream().map(Member::of).toList();
    }

    @POST
    @Authorize(Action.MEMBERS_MANAGE)
    @Operation(summary = "Add a member", description = "The password must be changed at the first login.")
    public Response add(@PathParam("org") String org, JsonNode body) {
        JsonNode request = RequestBodies.object(
                body, Set.of("username", "roles", "password"), Set.of("username", "roles", "password"));
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        JsonNode given = request.get("roles");
        if (!given.isArray() || given.isEmpty()) {
            errors.add(ApiProblem.FieldError.pointer("/roles", "must be a non-empty array of role names"));
        } else {
            for (int i = 0; i < given.size(); i++) {
                Optional<Role> role = Role.fromClaim(given.get(i).asText());
                if (role.isEmpty() || !GRANTABLE.contains(role.get())) {
                    errors.add(ApiProblem.FieldError.pointer(
                            "/roles/" + i, "must be one of viewer, developer, org-admin"));
                } else {
                    roles.add(role.get());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        String username = RequestBodies.text(request, "username");
        Account account;
        try {
            account = accounts().createUser(username, Optional.of(org), roles, RequestBodies.text(request, "password"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            String field = colon < 0 ? "" : message.substring(0, colon);
            ApiProblem.FieldError error = ApiProblem.FieldError.pointer(
                    field.isEmpty() ? "" : "/" + field,
                    colon < 0 ? message : message.substring(colon + 1).strip());
            if (message.contains("already taken")) {
                throw new ApiException(409, "conflict", "Conflict", message, List.of(error));
            }
            throw ApiException.badRequest(List.of(error));
        }
        return Response.created(URI.create("/api/v1/orgs/" + org + "/members/" + username))
                .entity(Member.of(account))
                .build();
    }

    @DELETE
    @Path("/{username}")
    @Authorize(Action.MEMBERS_MANAGE)
    @Operation(summary = "Remove a member", description = "Ends the member's sessions.")
    public Response remove(@PathParam("org") String org, @PathParam("username") String username) {
        LocalAccounts accounts = accounts();
        boolean member = accounts.findUser(username)
                .flatMap(Account::organization)
                .filter(org::equals)
                .isPresent();
        if (!member || !accounts.deleteUser(username)) {
            throw ApiException.notFound("no member " + username + " in Organization " + org);
        }
        return Response.noContent().build();
    }

    private LocalAccounts accounts() {
        return authenticator
                .accounts()
                .orElseThrow(() -> new ApiException(
                        409,
                        "oidc-mode",
                        "Members are managed by the identity provider",
                        "this Catalyst signs in through OIDC: add members and roles in the Organization's realm",
                        List.of()));
    }
}
