package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Optional;
import java.util.Set;

/** The cross-tenant matrix in the local-accounts mode: users of {@code tenant-a} log in with passwords. */
@QuarkusTest
@Anonymous
class CrossTenantLocalAccountsTest extends CrossTenantMatrix {
    @Override
    String organizationA() {
        return "tenant-a";
    }

    @Override
    String organizationB() {
        return "tenant-b";
    }

    @Override
    String token(Role role) {
        return TestIdentity.token("a-" + role.claimName(), Optional.of(organizationA()), Set.of(role));
    }
}
