package io.openova.catalyst.server.security;

/** Names shared by the console's session handling. */
public final class Sessions {
    /** The session cookie: HttpOnly, SameSite=Strict, Secure unless turned off. */
    public static final String COOKIE = "catalyst_session";
    /** The header a cookie session sends its CSRF token in, on every request that changes something. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private Sessions() {}
}
