package io.openova.catalyst.identity.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How Catalyst trusts access tokens of an OIDC provider (Keycloak in production).
 *
 * @param tenancy which issuers are trusted and how a token names its Organization
 * @param audience the value the token's {@code aud} must contain ({@code catalyst})
 * @param rolesClaim the claim with the caller's roles, an array of role names such as {@code developer}; Keycloak's
 *     {@code realm_access.roles} is read too when this claim is absent
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 */
public record OidcSettings(Tenancy tenancy, String audience, String rolesClaim, Duration clockSkew) {

    public OidcSettings {
        Objects.requireNonNull(tenancy, "tenancy");
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience: must not be blank");
        }
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("rolesClaim: must not be blank");
        }
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew: must be between 0 and 5 minutes");
        }
    }

    /** Which issuers Catalyst trusts, and how it learns the caller's Organization. */
    public sealed interface Tenancy {}

    /**
     * SME-style Sovereigns: one Keycloak realm per Organization. A token of {@code <issuerPrefix><org>} belongs to
     * Organization {@code <org>}; the issuer picks the Organization, no claim can.
     *
     * @param issuerPrefix such as {@code https://id.example.com/realms/}, ending with '/'
     */
    public record RealmPerOrganization(URI issuerPrefix) implements Tenancy {
        public RealmPerOrganization {
            Objects.requireNonNull(issuerPrefix, "issuerPrefix");
            if (!issuerPrefix.toString().endsWith("/")) {
                throw new IllegalArgumentException(
                        "issuerPrefix: must end with '/', such as https://id.example.com/realms/");
            }
            requireHttp(issuerPrefix, "issuerPrefix");
        }
    }

    /**
     * Corporate Sovereigns: one realm for the whole Sovereign; the claim {@code organizationClaim} (a string, or a
     * group path {@code /orgs/<org>}) names the caller's Organization. A token without it is a Sovereign-level caller,
     * who reaches an Organization only as {@code sovereign-admin}.
     */
    public record SovereignRealm(URI issuer, String organizationClaim) implements Tenancy {
        public SovereignRealm {
            Objects.requireNonNull(issuer, "issuer");
            requireHttp(issuer, "issuer");
            if (organizationClaim == null || organizationClaim.isBlank()) {
                throw new IllegalArgumentException("organizationClaim: must not be blank");
            }
        }
    }

    private static void requireHttp(URI uri, String field) {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException(field + ": must be an http(s) address, was " + uri);
        }
    }
}
