package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.identity.oidc.InvalidTokenException;
import io.openova.catalyst.identity.oidc.OidcTokenVerifier;
import java.util.Optional;

/**
 * Turns a request's {@link Credential} into a {@link Caller}. In local mode both kinds of credential carry a session
 * token of {@link LocalAccounts}; in OIDC mode a header token is an access token of the trusted issuer(s), checked by
 * the {@link OidcTokenVerifier}, and there are no cookie sessions.
 */
public final class Authenticator {
    private final Optional<LocalAccounts> accounts;
    private final Optional<OidcTokenVerifier> oidc;

    private Authenticator(Optional<LocalAccounts> accounts, Optional<OidcTokenVerifier> oidc) {
        this.accounts = accounts;
        this.oidc = oidc;
    }

    public static Authenticator local(LocalAccounts accounts) {
        return new Authenticator(Optional.of(accounts), Optional.empty());
    }

    public static Authenticator oidc(OidcTokenVerifier verifier) {
        return new Authenticator(Optional.empty(), Optional.of(verifier));
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
            if (credential instanceof Credential.SessionCookie) {
                throw new InvalidTokenException("sign in with the Organization's identity provider");
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
        return presented != null
                && accounts.map(local -> local.verifyCsrf(cookie.token(), presented))
                        .orElse(false);
    }
}
