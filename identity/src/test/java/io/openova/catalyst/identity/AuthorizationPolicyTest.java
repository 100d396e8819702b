package io.openova.catalyst.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationPolicyTest {
    private static final String OWN = "acme";
    private static final String OTHER = "globex";

    /**
     * The policy, written out: what a caller of Organization {@value #OWN} holding one role (or none) gets for each
     * action on a resource of their own Organization, of another one, and of no particular Organization.
     */
    private static final String TABLE = """
            role            | action              | same org  | other org | no target
            sovereign-admin | CATALOG_READ        | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | ORGANIZATION_READ   | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | ORGANIZATION_MANAGE | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | ENVIRONMENT_READ    | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | ENVIRONMENT_MANAGE  | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | APPLICATION_WRITE   | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | AUDIT_READ          | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | MEMBERS_MANAGE      | ALLOW     | ALLOW     | ALLOW
            sovereign-admin | ADMIN_VIEW          | ALLOW     | ALLOW     | ALLOW
            org-admin       | CATALOG_READ        | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | ORGANIZATION_READ   | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | ORGANIZATION_MANAGE | FORBIDDEN | NOT_FOUND | FORBIDDEN
            org-admin       | ENVIRONMENT_READ    | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | ENVIRONMENT_MANAGE  | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | APPLICATION_WRITE   | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | AUDIT_READ          | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | MEMBERS_MANAGE      | ALLOW     | NOT_FOUND | ALLOW
            org-admin       | ADMIN_VIEW          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            developer       | CATALOG_READ        | ALLOW     | NOT_FOUND | ALLOW
            developer       | ORGANIZATION_READ   | ALLOW     | NOT_FOUND | ALLOW
            developer       | ORGANIZATION_MANAGE | FORBIDDEN | NOT_FOUND | FORBIDDEN
            developer       | ENVIRONMENT_READ    | ALLOW     | NOT_FOUND | ALLOW
            developer       | ENVIRONMENT_MANAGE  | FORBIDDEN | NOT_FOUND | FORBIDDEN
            developer       | APPLICATION_WRITE   | ALLOW     | NOT_FOUND | ALLOW
            developer       | AUDIT_READ          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            developer       | MEMBERS_MANAGE      | FORBIDDEN | NOT_FOUND | FORBIDDEN
            developer       | ADMIN_VIEW          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | CATALOG_READ        | ALLOW     | NOT_FOUND | ALLOW
            viewer          | ORGANIZATION_READ   | ALLOW     | NOT_FOUND | ALLOW
            viewer          | ORGANIZATION_MANAGE | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | ENVIRONMENT_READ    | ALLOW     | NOT_FOUND | ALLOW
            viewer          | ENVIRONMENT_MANAGE  | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | APPLICATION_WRITE   | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | AUDIT_READ          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | MEMBERS_MANAGE      | FORBIDDEN | NOT_FOUND | FORBIDDEN
            viewer          | ADMIN_VIEW          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | CATALOG_READ        | FORBIDDEN | NOT_FOUND | ALLOW
            (none)          | ORGANIZATION_READ   | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | ORGANIZATION_MANAGE | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | ENVIRONMENT_READ    | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | ENVIRONMENT_MANAGE  | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | APPLICATION_WRITE   | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | AUDIT_READ          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | MEMBERS_MANAGE      | FORBIDDEN | NOT_FOUND | FORBIDDEN
            (none)          | ADMIN_VIEW          | FORBIDDEN | NOT_FOUND | FORBIDDEN
            """;

    /** The same for a caller who belongs to no Organization (a Sovereign admin may; anyone else is misconfigured). */
    private static final String TABLE_WITHOUT_ORGANIZATION = """
            role            | action              | some org  | no target
            sovereign-admin | CATALOG_READ        | ALLOW     | ALLOW
            sovereign-admin | ORGANIZATION_READ   | ALLOW     | ALLOW
            sovereign-admin | ORGANIZATION_MANAGE | ALLOW     | ALLOW
            sovereign-admin | ENVIRONMENT_READ    | ALLOW     | ALLOW
            sovereign-admin | ENVIRONMENT_MANAGE  | ALLOW     | ALLOW
            sovereign-admin | APPLICATION_WRITE   | ALLOW     | ALLOW
            sovereign-admin | AUDIT_READ          | ALLOW     | ALLOW
            sovereign-admin | MEMBERS_MANAGE      | ALLOW     | ALLOW
            sovereign-admin | ADMIN_VIEW          | ALLOW     | ALLOW
            org-admin       | CATALOG_READ        | NOT_FOUND | ALLOW
            org-admin       | ORGANIZATION_READ   | NOT_FOUND | FORBIDDEN
            org-admin       | ORGANIZATION_MANAGE | NOT_FOUND | FORBIDDEN
            org-admin       | ENVIRONMENT_READ    | NOT_FOUND | FORBIDDEN
            org-admin       | ENVIRONMENT_MANAGE  | NOT_FOUND | FORBIDDEN
            org-admin       | APPLICATION_WRITE   | NOT_FOUND | FORBIDDEN
            org-admin       | AUDIT_READ          | NOT_FOUND | FORBIDDEN
            org-admin       | MEMBERS_MANAGE      | NOT_FOUND | FORBIDDEN
            org-admin       | ADMIN_VIEW          | NOT_FOUND | FORBIDDEN
            developer       | CATALOG_READ        | NOT_FOUND | ALLOW
            developer       | ORGANIZATION_READ   | NOT_FOUND | FORBIDDEN
            developer       | ORGANIZATION_MANAGE | NOT_FOUND | FORBIDDEN
            developer       | ENVIRONMENT_READ    | NOT_FOUND | FORBIDDEN
            developer       | ENVIRONMENT_MANAGE  | NOT_FOUND | FORBIDDEN
            developer       | APPLICATION_WRITE   | NOT_FOUND | FORBIDDEN
            developer       | AUDIT_READ          | NOT_FOUND | FORBIDDEN
            developer       | MEMBERS_MANAGE      | NOT_FOUND | FORBIDDEN
            developer       | ADMIN_VIEW          | NOT_FOUND | FORBIDDEN
            viewer          | CATALOG_READ        | NOT_FOUND | ALLOW
            viewer          | ORGANIZATION_READ   | NOT_FOUND | FORBIDDEN
            viewer          | ORGANIZATION_MANAGE | NOT_FOUND | FORBIDDEN
            viewer          | ENVIRONMENT_READ    | NOT_FOUND | FORBIDDEN
            viewer          | ENVIRONMENT_MANAGE  | NOT_FOUND | FORBIDDEN
            viewer          | APPLICATION_WRITE   | NOT_FOUND | FORBIDDEN
            viewer          | AUDIT_READ          | NOT_FOUND | FORBIDDEN
            viewer          | MEMBERS_MANAGE      | NOT_FOUND | FORBIDDEN
            viewer          | ADMIN_VIEW          | NOT_FOUND | FORBIDDEN
            (none)          | CATALOG_READ        | NOT_FOUND | ALLOW
            (none)          | ORGANIZATION_READ   | NOT_FOUND | FORBIDDEN
            (none)          | ORGANIZATION_MANAGE | NOT_FOUND | FORBIDDEN
            (none)          | ENVIRONMENT_READ    | NOT_FOUND | FORBIDDEN
            (none)          | ENVIRONMENT_MANAGE  | NOT_FOUND | FORBIDDEN
            (none)          | APPLICATION_WRITE   | NOT_FOUND | FORBIDDEN
            (none)          | AUDIT_READ          | NOT_FOUND | FORBIDDEN
            (none)          | MEMBERS_MANAGE      | NOT_FOUND | FORBIDDEN
            (none)          | ADMIN_VIEW          | NOT_FOUND | FORBIDDEN
            """;

    private final AuthorizationPolicy policy = new AuthorizationPolicy();

    /** One row of a table: the caller's roles, the action, and the expected decision per target column. */
    private record Row(String role, Action action, List<Decision> expected) {}

    private static List<Row> rows(String table) {
        List<Row> rows = new ArrayList<>();
        table.lines().skip(1).forEach(line -> {
            List<String> cells = Stream.of(line.split("\\|")).map(String::strip).toList();
            List<Decision> expected = cells.subList(2, cells.size()).stream()
                    .map(Decision::valueOf)
                    .toList();
            rows.add(new Row(cells.get(0), Action.valueOf(cells.get(1)), expected));
        });
        return rows;
    }

    static Stream<Arguments> everyRoleActionAndTarget() {
        List<Optional<String>> targets = List.of(Optional.of(OWN), Optional.of(OTHER), Optional.empty());
        return rows(TABLE).stream().flatMap(row -> Stream.of(0, 1, 2)
                .map(column -> Arguments.of(
                        row.role(),
                        row.action(),
                        targets.get(column),
                        row.expected().get(column))));
    }

    static Stream<Arguments> everyRoleActionAndTargetWithoutOrganization() {
        List<Optional<String>> targets = List.of(Optional.of(OTHER), Optional.empty());
        return rows(TABLE_WITHOUT_ORGANIZATION).stream().flatMap(row -> Stream.of(0, 1)
                .map(column -> Arguments.of(
                        row.role(),
                        row.action(),
                        targets.get(column),
                        row.expected().get(column))));
    }

    private static Caller caller(Optional<String> organization, Set<Role> roles) {
        return new Caller("user-1", organization, roles, "User One");
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @MethodSource("everyRoleActionAndTarget")
    void shouldDecideAsTheTableSaysWhenCallerBelongsToAnOrganization(
            String role, Action action, Optional<String> target, Decision expected) {
        // Given
        Caller caller = caller(Optional.of(OWN), rowRoles(role));

        // When
        Decision decision = policy.decide(caller, action, target);

        // Then
        assertThat(decision).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @MethodSource("everyRoleActionAndTargetWithoutOrganization")
    void shouldDecideAsTheTableSaysWhenCallerBelongsToNoOrganization(
            String role, Action action, Optional<String> target, Decision expected) {
        // Given
        Caller caller = caller(Optional.empty(), rowRoles(role));

        // When
        Decision decision = policy.decide(caller, action, target);

        // Then
        assertThat(decision).isEqualTo(expected);
    }

    @Test
    void shouldCoverEveryRoleAndActionExactlyOnceWhenTheTablesAreRead() {
        // Given
        List<String> everyRoleAndNone =
                new ArrayList<>(Stream.of(Role.values()).map(Role::claimName).toList());
        everyRoleAndNone.add("(none)");
        List<String> expected = everyRoleAndNone.stream()
                .flatMap(role -> Stream.of(Action.values()).map(action -> role + " " + action))
                .toList();

        // When
        List<String> covered =
                rows(TABLE).stream().map(row -> row.role() + " " + row.action()).toList();
        List<String> coveredWithoutOrganization = rows(TABLE_WITHOUT_ORGANIZATION).stream()
                .map(row -> row.role() + " " + row.action())
                .toList();

        // Then
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(coveredWithoutOrganization).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void shouldGrantWhatTheMostPermissiveRoleGrantsWhenCallerHoldsSeveralRoles(Action action) {
        // Given
        Caller viewerAndOrgAdmin = caller(Optional.of(OWN), Set.of(Role.VIEWER, Role.ORG_ADMIN));
        Caller orgAdmin = caller(Optional.of(OWN), Set.of(Role.ORG_ADMIN));

        // When
        Decision decision = policy.decide(viewerAndOrgAdmin, action, Optional.of(OWN));

        // Then
        assertThat(decision).isEqualTo(policy.decide(orgAdmin, action, Optional.of(OWN)));
    }

    @Test
    void shouldAllowApplicationWritesWhenCallerIsViewerAndDeveloper() {
        // Given
        Caller caller = caller(Optional.of(OWN), Set.of(Role.VIEWER, Role.DEVELOPER));

        // When
        Decision decision = policy.decide(caller, Action.APPLICATION_WRITE, Optional.of(OWN));

        // Then
        assertThat(decision).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void shouldReachOtherOrganizationsWhenSovereignAdminBelongsToAnOrganization(Action action) {
        // Given
        Caller caller = caller(Optional.of(OWN), Set.of(Role.SOVEREIGN_ADMIN, Role.VIEWER));

        // When
        Decision decision = policy.decide(caller, action, Optional.of(OTHER));

        // Then
        assertThat(decision).isEqualTo(Decision.ALLOW);
    }

    @Test
    void shouldAnswerTheHttpStatusOfEachDecisionWhenAsked() {
        // When
        List<Integer> statuses =
                Stream.of(Decision.values()).map(Decision::status).toList();

        // Then
        assertThat(Decision.values()).containsExactly(Decision.ALLOW, Decision.FORBIDDEN, Decision.NOT_FOUND);
        assertThat(statuses).containsExactly(200, 403, 404);
    }

    @Test
    void shouldListTheActionsOfTheRolesTogetherWhenAskedForGrants() {
        // When
        Set<Action> grants = AuthorizationPolicy.grants(Set.of(Role.VIEWER, Role.DEVELOPER));

        // Then
        assertThat(grants)
                .isEqualTo(EnumSet.of(
                        Action.CATALOG_READ,
                        Action.ORGANIZATION_READ,
                        Action.ENVIRONMENT_READ,
                        Action.APPLICATION_WRITE));
    }

    /** The roles a table's role cell stands for: one role by its claim name, or none. */
    private static Set<Role> rowRoles(String role) {
        return role.equals("(none)") ? Set.of() : Set.of(Role.fromClaim(role).orElseThrow());
    }
}
