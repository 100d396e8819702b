package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.identity.oidc.InvalidTokenException;
import io.openova.catalyst.identity.oidc.OidcSessions;
import io.openova.catalyst.identity.oidc.OidcTokenVerifier;
import java.util.Optional;

/**
 * Turns a request's {@link Credential} into a {@link Caller}. In local mode both kinds of credential carry a session
 * token of {@link LocalAccounts}; in OIDC mode a header token is an access token of the trusted issuer(s), checked by
 * the {@link OidcTokenVerifier}, and a cookie is a console session of {@link OidcSessions}, opened by the browser
 * login ({@link OidcLoginResource}).
 */
public final class Authenticator {
    private final Optional<LocalAccounts> accounts;
    private final Optional<OidcTokenVerifier> oidc;
    private final Optional<OidcSessions> oidcSessions;

    private Authenticator(
            Optional<LocalAccounts> accounts, Optional<OidcTokenVerifier> oidc, Optional<OidcSessions> oidcSessions) {
        this.accounts = accounts;
        this.oidc = oidc;
        this.oidcSessions = oidcSessions;
    }

    public static Authenticator local(LocalAccounts accounts) {
        return new Authenticator(Optional.of(accounts), Optional.empty(), Optional.empty());
    }

    public static Authenticator oidc(OidcTokenVerifier verifier, OidcSessions sessions) {
        return new Authenticator(Optional.empty(), Optional.of(verifier), Optional.of(sessions));
    }

    /** The verifier of access tokens, in OIDC mode. */
    public Optional<OidcTokenVerifier> verifier() {
        return oidc;
    }

    /** The console sessions of the browser login, in OIDC mode. */
    public Optional<OidcSessions> oidcSessions() {
        return oidcSessions;
    }

    /** The local accounts, in local mode. */
    public Optional<LocalAccounts> accounts() {
        return accounts;
    }

    public boolean oidcMode() {
        return oidc.isPresent();
    }

    /**
     * The caller {@code credential} stands for.
     *
     * @throws InvalidTokenException if it stands for no one (any more); the message says why
     */
    public Caller authenticate(Credential credential) throws InvalidTokenException {
        if (credential.token().isBlank()) {
            throw new InvalidTokenException("the Authorization header holds no token");
        }
        if (oidc.isPresent()) {
            if (credential instanceof Credential.SessionCookie cookie) {
                return oidcSessions
                        .orElseThrow()
                        .authenticate(cookie.token())
                        .orElseThrow(() -> new InvalidTokenException("the session has expired or was ended"));
            }
            return oidc.get().verify(credential.token());
        }
        return accounts.orElseThrow()
                .authenticate(credential.token())
                .orElseThrow(() -> new InvalidTokenException("the session has expired or was ended"));
    }

    /**
     * Whether the local account must set a new password before anything else (its password was generated or set
     * by an administrator); never for OIDC callers, whose passwords are the identity provider's business.
     */
    public boolean mustChangePassword(Caller caller) {
        return accounts.flatMap(local -> local.findUser(caller.subject()))
                .map(account -> account.mustChangePassword())
                .orElse(false);
    }

    /** Whether {@code presented} is the CSRF token of the cookie's session. */
    public boolean csrfValid(Credential.SessionCookie cookie, String presented) {
        if (presented == null) {
            return false;
        }
        return accounts.map(local -> local.verifyCsrf(cookie.token(), presented))
                .or(() -> oidcSessions.map(sessions -> sessions.verifyCsrf(cookie.token(), presented)))
                .orElse(false);
    }

    /** The CSRF token of the cookie's live session. */
    public Optional<String> csrfToken(Credential.SessionCookie cookie) {
        return accounts.map(local -> local.csrfToken(cookie.token()))
                .orElseGet(() -> oidcSessions.flatMap(sessions -> sessions.csrfToken(cookie.token())));
    }

    /**
     * Ends the session {@code credential} presents, if it is one of Catalyst's own; an access token just stays.
     *
     * @return the login at the identity provider of an OIDC console session that was live: what the browser may end
     *     at the provider too
     */
    public Optional<OidcSessions.ProviderLogin> logout(Credential credential) {
        accounts.ifPresent(local -> local.logout(credential.token()));
        if (credential instanceof Credential.SessionCookie cookie) {
            return oidcSessions.flatMap(sessions -> sessions.end(cookie.token()));
        }
        return Optional.empty();
    }
}
