package io.openova.catalyst.testing.keycloak;

import java.util.List;

/**
 * What the realms imported by {@link KeycloakServer} contain (files under {@code catalyst/keycloak/realms/} on the
 * classpath): names, clients, claims and the one password every test user has. docs/testing-keycloak.md lists the users.
 */
public final class KeycloakRealms {

    /** SME mode, realm per Organization: the realm of Organization {@code acme}. */
    public static final String ACME = "acme";

    /** SME mode, realm per Organization: the realm of Organization {@code globex}. */
    public static final String GLOBEX = "globex";

    /** Corporate mode: the one realm of the whole Sovereign; the Organization is the {@link #ORG_CLAIM} claim. */
    public static final String SOVEREIGN = "sovereign";

    /** Every realm the server imports. */
    public static final List<String> ALL = List.of(ACME, GLOBEX, SOVEREIGN);

    /**
     * Catalyst's client in every realm: public, authorization code with PKCE S256 and redirects (after login and
     * after logout) to any port of {@code 127.0.0.1} or {@code localhost}, direct access (password) grants for tests,
     * back-channel logout tokens naming the session ({@code sid}) once a test sets the client's back-channel logout
     * URL. Its access tokens have {@code aud} {@value #AUDIENCE}.
     */
    public static final String CLIENT = "catalyst";

    /** The audience of tokens issued to {@link #CLIENT} and {@link #SHORT_LIVED_CLIENT}. */
    public static final String AUDIENCE = "catalyst";

    /** A client whose access tokens carry the same claims but {@code aud} {@value #OTHER_AUDIENCE} only. */
    public static final String OTHER_AUDIENCE_CLIENT = "catalyst-other";

    /** The audience of tokens issued to {@link #OTHER_AUDIENCE_CLIENT}. */
    public static final String OTHER_AUDIENCE = "other-service";

    /** Like {@link #CLIENT}, password grant only, but its access tokens expire one second after they are issued. */
    public static final String SHORT_LIVED_CLIENT = "catalyst-short";

    /** The password of every test user (not temporary). */
    public static final String PASSWORD = "test-password";

    /** The access-token claim holding the user's realm roles as a flat array of strings. */
    public static final String ROLES_CLAIM = "roles";

    /** The access-token claim holding the user's Organization in the {@link #SOVEREIGN} realm; absent if none. */
    public static final String ORG_CLAIM = "org";

    private KeycloakRealms() {}
}
