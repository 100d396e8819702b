package io.openova.catalyst.identity.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * OpenID Connect Back-Channel Logout 1.0 for the console's sessions: when a user's session at the provider ends, the
 * provider posts a logout token; once it is verified ({@link OidcTokenVerifier#verifyLogoutToken}) and seen for the
 * first time, every console session it names ends ({@link OidcSessions#end(LogoutToken)}).
 *
 * <p>A token works once. Its {@code jti} is remembered for as long as its {@code iat} keeps it acceptable, so that a
 * replayed token cannot end the sessions opened since. At most {@code capacity} are remembered; when full, the oldest
 * is forgotten first, and only the provider can make tokens to fill it.
 *
 * <p>Thread-safe.
 */
public final class BackchannelLogout {
    /** How many token ids are remembered at once. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final OidcTokenVerifier verifier;
    private final OidcSessions sessions;
    private final String clientId;
    private final Clock clock;
    private final int capacity;
    private final Duration retention;
    /** {@code <issuer> <jti>} of the accepted tokens, to when they are remembered, oldest first. */
    private final Map<String, Instant> used = new LinkedHashMap<>();

    /**
     * @param clientId the client Catalyst is at the provider: the logout token's {@code aud} must contain it
     */
    public BackchannelLogout(
            OidcTokenVerifier verifier, OidcSessions sessions, String clientId, Clock clock, int capacity) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId: must not be blank");
        }
        this.clientId = clientId;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1");
        }
        this.capacity = capacity;
        Duration skew = verifier.settings().clockSkew();
        this.retention = OidcTokenVerifier.LOGOUT_TOKEN_MAX_AGE.plus(skew).plus(skew);
    }

    /**
     * Verifies the provider's logout token and ends the console sessions it names.
     *
     * @return the token, whose issuer, {@code sid} and {@code sub} say whose sessions ended, and how many
     * @throws InvalidTokenException if the token is not a valid logout token of a trusted issuer for this client, or
     *     was used before; then nothing ends
     */
    public Outcome logout(String logoutToken) throws InvalidTokenException {
        LogoutToken token = verifier.verifyLogoutToken(logoutToken, clientId);
        if (!firstUse(token)) {
            throw new InvalidTokenException("the token was used before (its jti): a replay");
        }
        return new Outcome(token, sessions.end(token));
    }

    /**
     * What a logout token ended.
     *
     * @param token the verified token
     * @param sessionsEnded how many console sessions it ended (none when the user had none here)
     */
    public record Outcome(LogoutToken token, int sessionsEnded) {}

    private synchronized boolean firstUse(LogoutToken token) {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, Instant>> oldest = used.entrySet().iterator();
        while (oldest.hasNext()) {
            if (now.isBefore(oldest.next().getValue())) {
                break;
            }
            oldest.remove();
        }
        String key = token.issuer() + " " + token.id();
        if (used.containsKey(key)) {
            return false;
        }
        while (used.size() >= capacity) {
            Iterator<String> first = used.keySet().iterator();
            first.next();
            first.remove();
        }
        used.put(key, now.plus(retention));
        return true;
    }
}
