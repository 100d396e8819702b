package io.openova.catalyst.server.security;

import io.openova.catalyst.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The caller of the current request, as the {@link AuthorizationFilter} authenticated it. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;
    private Credential credential;

    void set(Caller caller, Credential credential) {
        this.caller = caller;
        this.credential = credential;
    }

    /** Empty only on {@link PublicRoute}s without credentials. */
    public Optional<Caller> get() {
        return Optional.ofNullable(caller);
    }

    /** The caller; only called on routes that require one. */
    public Caller require() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    /** How the caller proved who they are. */
    public Optional<Credential> credential() {
        return Optional.ofNullable(credential);
    }
}
