package io.openova.catalyst.server.security;

/**
 * What a request presented to prove its caller: a session cookie of the console (which needs a CSRF token on
 * mutating requests), or a token in the {@code Authorization} header (Bearer, or Basic with the token as password for
 * Git clients), which browsers never send on their own and so need none.
 */
public sealed interface Credential {
    String token();

    /** The {@value Sessions#COOKIE} cookie. */
    record SessionCookie(String token) implements Credential {
        @Override
        public String toString() {
            return "SessionCookie[<redacted>]";
        }
    }

    /** {@code Authorization: Bearer <token>} or {@code Basic} with the token as password. */
    record HeaderToken(String token) implements Credential {
        @Override
        public String toString() {
            return "HeaderToken[<redacted>]";
        }
    }
}
