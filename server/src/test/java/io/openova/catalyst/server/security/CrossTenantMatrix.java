package io.openova.catalyst.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.provisioning.Operation;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.provisioning.RequestContext;
import io.openova.catalyst.server.audit.AuditLog;
import io.openova.catalyst.server.audit.AuditQuery;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-tenant matrix of docs/security.md: for every route that names an Organization (REST, SSE, Git smart HTTP,
 * the Flux webhook) and every role, a user of Organization A asking for Organization B's resource is refused, and
 * B is unchanged afterwards. Subclasses say where the users' tokens come from: the local accounts, or a real Keycloak.
 */
abstract class CrossTenantMatrix {
    static final String ENV = "prod";
    static final String APP = "db";
    /** What the Organizations' display names start with: an answer to another Organization's user never shows it. */
    static final String DISPLAY = "Display name of ";

    static final Set<Role> ORGANIZATION_ROLES = Set.of(Role.VIEWER, Role.DEVELOPER, Role.ORG_ADMIN);

    /** A route, with {@code {org}} in its path standing for the Organization it is asked of. */
    record Route(String method, String template, String body) {
        String path(String org) {
            return template.replace("{org}", org);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** Every route with an Organization in its path; {@link #shouldCoverEveryRouteThatNamesAnOrganization} keeps it so. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/orgs/{org}", null),
            new Route("PUT", "/api/v1/orgs/{org}", "{\"displayName\":\"taken over\"}"),
            new Route("GET", "/api/v1/orgs/{org}/audit", null),
            new Route("GET", "/api/v1/orgs/{org}/members", null),
            new Route(
                    "POST",
                    "/api/v1/orgs/{org}/members",
                    "{\"username\":\"mole\",\"roles\":[\"org-admin\"],\"password\":\"a-long-password-1\"}"),
            new Route("DELETE", "/api/v1/orgs/{org}/members/someone", null),
            new Route("GET", "/api/v1/orgs/{org}/environments", null),
            new Route("POST", "/api/v1/orgs/{org}/environments", "{\"name\":\"stolen\"}"),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/commits", null),
            new Route("POST", "/api/v1/orgs/{org}/environments/prod/rollback", "{\"commit\":\"HEAD\"}"),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/applications", null),
            new Route(
                    "POST",
                    "/api/v1/orgs/{org}/environments/prod/applications",
                    "{\"name\":\"cache\",\"blueprint\":\"valkey\"}"),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/applications/db", null),
            new Route("PUT", "/api/v1/orgs/{org}/environments/prod/applications/db", "{\"config\":{}}"),
            new Route(
                    "POST", "/api/v1/orgs/{org}/environments/prod/applications/db/upgrade", "{\"version\":\"1.0.0\"}"),
            new Route("DELETE", "/api/v1/orgs/{org}/environments/prod/applications/db", null),
            new Route(
                    "POST",
                    "/api/v1/orgs/{org}/environments/prod/helm-values",
                    "{\"name\":\"cache\",\"blueprint\":\"valkey\"}"),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/status", null),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/operations", null),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/operations/op-1", null),
            new Route("GET", "/api/v1/orgs/{org}/environments/prod/events", null),
            new Route("PUT", "/api/v1/orgs/{org}/environments/prod/flux-webhook", null),
            new Route(
                    "POST",
                    "/api/v1/orgs/{org}/environments/prod/flux-events",
                    "{\"involvedObject\":{\"kind\":\"HelmRelease\",\"name\":\"db\"},\"severity\":\"info\"}"),
            new Route("GET", "/git/{org}/prod.git/info/refs?service=git-upload-pack", null),
            new Route("POST", "/git/{org}/prod.git/git-upload-pack", "0000"),
            new Route("POST", "/git/{org}/prod.git/git-receive-pack", "0000"));

    /** The Organization of the users. */
    abstract String organizationA();

    /** The other Organization, whose resources the users reach for. */
    abstract String organizationB();

    /** A bearer token of a user of {@link #organizationA()} holding {@code role}. */
    abstract String token(Role role);

    static Stream<Arguments> routesAndRoles() {
        return ROUTES.stream().flatMap(route -> ORGANIZATION_ROLES.stream().map(role -> Arguments.of(route, role)));
    }

    @BeforeEach
    void organizations() throws Exception {
        OrganizationDirectory directory =
                Arc.container().instance(OrganizationDirectory.class).get();
        for (String org : List.of(organizationA(), organizationB())) {
            directory.create(new Organization(
                    org,
                    "Organization " + org,
                    Organization.Tier.STANDARD,
                    new Organization.Quota(10, 50, 1, 1),
                    List.of()));
        }
        Provisioning provisioning = Arc.container().instance(Provisioning.class).get();
        EnvironmentRef env = new EnvironmentRef(organizationB(), ENV);
        if (!provisioning.environments(organizationB()).contains(env)) {
            RequestContext context = new RequestContext(Optional.empty(), "setup", "setup", false);
            provisioning.createEnvironment(env, context);
            provisioning.apply(
                    env,
                    new Operation.Install(APP, "cnpg", Optional.empty(), null),
                    new RequestContext(Optional.empty(), "setup-install", "setup", false));
        }
    }

    static RequestSpecification request(Route route, String token) {
        return anonymous(route).header("Authorization", "Bearer " + token);
    }

    static RequestSpecification anonymous(Route route) {
        RequestSpecification request = given();
        if (route.body() != null && route.template().startsWith("/git/")) {
            request = request.contentType("application/x-git-upload-pack-request")
                    .body(route.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (route.body() != null) {
            request = request.contentType(ContentType.JSON).body(route.body());
        }
        return request;
    }

    /** Organization B's state as its admin would see it: the Environment's history and the Organization record. */
    private String stateOfB() throws Exception {
        Provisioning provisioning = Arc.container().instance(Provisioning.class).get();
        OrganizationDirectory directory =
                Arc.container().instance(OrganizationDirectory.class).get();
        return provisioning.environments(organizationB()) + " "
                + provisioning.applications(new EnvironmentRef(organizationB(), ENV)) + " "
                + directory.find(organizationB()).orElseThrow();
    }

    @ParameterizedTest(name = "{1} of A: {0}")
    @MethodSource("routesAndRoles")
    void shouldRefuseAndChangeNothingWhenUserOfOneOrganizationReachesForAnother(Route route, Role role)
            throws Exception {
        // Given
        String before = stateOfB();

        // When
        Response response = request(route, token(role)).request(route.method(), route.path(organizationB()));

        // Then
        int expected = route.template().endsWith("/flux-events") ? 401 : 404;
        assertThat(response.statusCode())
                .as(route + " as " + role + ": " + response.asString())
                .isEqualTo(expected);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).doesNotContain(DISPLAY);
        assertThat(stateOfB()).isEqualTo(before);
        assertThat(auditOfB()).as("B's audit log").doesNotContain(organizationA());
    }

    /** Organization B's audit log, as its admins read it. */
    private String auditOfB() {
        return Arc.container()
                .instance(AuditLog.class)
                .get()
                .page(
                        organizationB(),
                        AuditQuery.parse(
                                new AuditQuery.Parameters("500", null, null, null, null, null, null, null, null)))
                .entries()
                .toString();
    }

    @ParameterizedTest(name = "{1} of A: {0}")
    @MethodSource("routesAndRoles")
    void shouldAnswerLikeAMissingOrganizationWhenTheOtherOrganizationExists(Route route, Role role) {
        // When
        Response other = request(route, token(role)).request(route.method(), route.path(organizationB()));
        Response missing = request(route, token(role)).request(route.method(), route.path("no-such-org"));

        // Then
        assertThat(other.statusCode()).isEqualTo(missing.statusCode());
        assertThat(other.jsonPath().getString("title"))
                .isEqualTo(missing.jsonPath().getString("title"));
    }

    @Test
    void shouldRefuseWithoutCredentialsOnEveryRoute() {
        for (Route route : ROUTES) {
            // When
            Response response = anonymous(route).request(route.method(), route.path(organizationB()));

            // Then
            assertThat(response.statusCode()).as(route.toString()).isEqualTo(401);
        }
    }

    @Test
    void shouldListOnlyOwnOrganizationWhenListingOrganizations() {
        for (Role role : ORGANIZATION_ROLES) {
            // When
            Response response =
                    given().header("Authorization", "Bearer " + token(role)).get("/api/v1/orgs");

            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getList("name", String.class)).containsExactly(organizationA());
        }
    }

    @Test
    void shouldRefuseSovereignRoutesWhenUserIsOfAnOrganization() {
        for (Role role : ORGANIZATION_ROLES) {
            // When
            Response create = given().header("Authorization", "Bearer " + token(role))
                    .contentType(ContentType.JSON)
                    .body("{\"name\":\"mine\",\"displayName\":\"Mine\"}")
                    .post("/api/v1/orgs");
            Response audit =
                    given().header("Authorization", "Bearer " + token(role)).get("/api/v1/audit");

            // Then
            assertThat(create.statusCode()).as(role.toString()).isEqualTo(403);
            assertThat(audit.statusCode()).as(role.toString()).isEqualTo(403);
        }
    }

    @Test
    void shouldCoverEveryRouteThatNamesAnOrganization() throws Exception {
        // Given
        Set<String> covered = new TreeSet<>();
        ROUTES.forEach(
                route -> covered.add(route.method() + " " + route.template().replaceAll("\\?.*", "")));

        // When
        Set<String> routes = new TreeSet<>();
        for (Method method : RouteAnnotationsTest.routes()) {
            String path = path(method);
            if (path.contains("{org}")) {
                routes.add(httpMethod(method) + " "
                        + path.replace("{env}", ENV)
                                .replace("{repo}", ENV + ".git")
                                .replace("{app}", APP)
                                .replace("{operation}", "op-1")
                                .replace("{username}", "someone"));
            }
        }

        // Then
        assertThat(covered).containsAll(routes);
    }

    private static String path(Method method) {
        List<String> parts = new ArrayList<>();
        Path type = method.getDeclaringClass().getAnnotation(Path.class);
        if (type != null) {
            parts.add(type.value());
        }
        Path own = method.getAnnotation(Path.class);
        if (own != null) {
            parts.add(own.value());
        }
        return String.join("/", parts).replaceAll("/+", "/").replaceAll("/$", "");
    }

    private static String httpMethod(Method method) {
        return Stream.of(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class))
                .filter(java.util.Objects::nonNull)
                .map(jakarta.ws.rs.HttpMethod::value)
                .findFirst()
                .orElseThrow();
    }
}
