package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.AuthorizationPolicy;
import io.openova.catalyst.identity.accounts.AccountsConfig;
import io.openova.catalyst.identity.accounts.HashParameters;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.identity.accounts.LockoutPolicy;
import io.openova.catalyst.identity.accounts.SessionPolicy;
import io.openova.catalyst.identity.oidc.OidcClient;
import io.openova.catalyst.identity.oidc.OidcSessions;
import io.openova.catalyst.identity.oidc.OidcSettings;
import io.openova.catalyst.identity.oidc.OidcTokenVerifier;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.provisioning.DataConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity and tenancy: the Organization directory and the local accounts in H2 under {@code <data-dir>/identity/},
 * the OIDC verifier when an issuer is configured, the authorization policy, and the server's clock.
 */
@ApplicationScoped
public class IdentityWiring {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentityWiring.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    AuthorizationPolicy policy() {
        return new AuthorizationPolicy();
    }

    @Produces
    @Singleton
    OrganizationDirectory organizations(DataConfig data) {
        return new OrganizationDirectory(identityDir(data));
    }

    void close(@Disposes OrganizationDirectory organizations) {
        organizations.close();
    }

    @Produces
    @Singleton
    Authenticator authenticator(DataConfig data, IdentityConfig config, Clock clock) {
        IdentityConfig.Oidc oidc = config.oidc();
        if (oidc.issuerPrefix().isPresent() && oidc.issuer().isPresent()) {
            throw new IllegalStateException("set catalyst.identity.oidc.issuer-prefix (a realm per Organization) or"
                    + " catalyst.identity.oidc.issuer (one realm for the Sovereign), not both");
        }
        if (oidc.issuerPrefix().isPresent() || oidc.issuer().isPresent()) {
            OidcSettings.Tenancy tenancy = oidc.issuerPrefix().isPresent()
                    ? new OidcSettings.RealmPerOrganization(
                            URI.create(oidc.issuerPrefix().get()))
                    : new OidcSettings.SovereignRealm(URI.create(oidc.issuer().get()), oidc.organizationClaim());
            oidc.postLogoutRedirectUri()
                    .ifPresent(uri -> absoluteHttp("catalyst.identity.oidc.post-logout-redirect-uri", uri));
            LOGGER.info("Identity: OIDC, {}", tenancy);
            return Authenticator.oidc(
                    new OidcTokenVerifier(
                            new OidcSettings(tenancy, oidc.audience(), oidc.rolesClaim(), oidc.clockSkew())),
                    new OidcSessions(clock, new SecureRandom(), sessionPolicy(config), OidcSessions.DEFAULT_CAPACITY));
        }
        AccountsConfig accounts = new AccountsConfig(
                HashParameters.OWASP,
                new LockoutPolicy(
                        config.lockout().attempts(),
                        config.lockout().duration(),
                        LockoutPolicy.DEFAULT.firstDelay(),
                        LockoutPolicy.DEFAULT.maxDelay()),
                sessionPolicy(config));
        LOGGER.info("Identity: local accounts under {}", identityDir(data));
        return Authenticator.local(new LocalAccounts(identityDir(data), clock, new SecureRandom(), accounts));
    }

    /**
     * {@code value} as an absolute http(s) address.
     *
     * @throws IllegalStateException naming {@code property} if it is not one
     */
    static URI absoluteHttp(String property, String value) {
        try {
            URI uri = new URI(value);
            if (uri.isAbsolute()
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below, with the property's name
        }
        throw new IllegalStateException(
                property + ": must be an absolute http(s) address such as https://catalyst.example.com/console/,"
                        + " was '" + value + "'");
    }

    /** Catalyst as the OIDC client of the console's login and logout (unused in local mode). */
    @Produces
    @Singleton
    OidcClient oidcClient(IdentityConfig config) {
        return new OidcClient(config.oidc().clientId(), config.oidc().clientSecret());
    }

    private static SessionPolicy sessionPolicy(IdentityConfig config) {
        return new SessionPolicy(
                config.session().absoluteTimeout(), config.session().idleTimeout());
    }

    void close(@Disposes Authenticator authenticator) {
        authenticator.accounts().ifPresent(LocalAccounts::close);
    }

    /**
     * At the first start in local mode, creates the {@code sovereign-admin} {@code admin} and prints its one-time
     * password, once, on the console of whoever started Catalyst (never in the log).
     */
    void bootstrap(@Observes @Priority(5) StartupEvent startup, Authenticator authenticator) {
        authenticator.accounts().flatMap(LocalAccounts::bootstrap).ifPresent(password -> {
            @SuppressWarnings("java:S106")
            var console = System.out;
            console.println("\n  Catalyst first start: the Sovereign admin is 'admin', one-time password: " + password
                    + "\n  Log in and change it now; it is not shown again.\n");
            console.flush();
        });
    }

    private static Path identityDir(DataConfig data) {
        Path dir = Path.of(data.dataDir()).resolve("identity");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
