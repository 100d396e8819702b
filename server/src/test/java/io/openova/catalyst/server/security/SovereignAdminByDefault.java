package io.openova.catalyst.server.security;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} method: RestAssured requests carry a Sovereign admin's token, so tests about
 * something else than tenancy need not say who calls. A test class annotated {@link Anonymous} starts without one and
 * says who calls itself.
 */
public class SovereignAdminByDefault implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (context.getTestInstance().getClass().isAnnotationPresent(Anonymous.class)) {
            RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        } else {
            TestIdentity.signInAsSovereignAdmin();
        }
    }
}
