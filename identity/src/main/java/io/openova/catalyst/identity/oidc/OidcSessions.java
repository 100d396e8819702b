package io.openova.catalyst.identity.oidc;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.accounts.SessionPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Console sessions of callers who logged in through the identity provider: an opaque random token (the browser's
 * cookie; only its SHA-256 digest is kept) for the {@link Caller} that the provider's access token stood for at
 * login, with a CSRF token and the {@link ProviderLogin} it came from. A session ends by Catalyst's own policy, idle
 * or absolute, whichever comes first; the access token's 5-minute life does not shorten it, and roles changed at the
 * provider take effect at the next login. It also ends when the user logs out of Catalyst ({@link #end(String)}), or
 * when the provider says that the user's session there ended ({@link #end(LogoutToken)}, back-channel logout).
 *
 * <p>Thread-safe. In memory: sessions end when Catalyst restarts, and the user logs in again (one click while the
 * provider's own session lasts). When the store is full, the session used least recently ends first.
 */
public final class OidcSessions {
    /** How many sessions may be open at once. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final SecureRandom random;
    private final SessionPolicy policy;
    private final int capacity;
    /** By token digest, in access order: the first entry is the one used least recently. */
    private final Map<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public OidcSessions(Clock clock, SecureRandom random, SessionPolicy policy, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * A new session.
     *
     * @param token the cookie's value, only here in clear
     * @param csrfToken what mutating requests of the session must send
     * @param expiresAt the absolute end
     */
    public record Session(String token, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[expiresAt=" + expiresAt + ", tokens=<redacted>]";
        }
    }

    /**
     * The login at the provider a session came from: what ends it there (RP-initiated logout, with the ID token as
     * {@code id_token_hint}) and what the provider's logout tokens name (back-channel logout).
     *
     * @param issuer the issuer the user logged in at
     * @param subject the ID token's {@code sub}
     * @param sessionId the ID token's {@code sid}: the provider's session, when the provider names it
     * @param idToken the ID token itself; held in memory only, never logged
     */
    public record ProviderLogin(String issuer, String subject, Optional<String> sessionId, String idToken) {
        public ProviderLogin {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(idToken, "idToken");
        }

        /** Whether the provider's logout token is about this login: same issuer, and its {@code sid} and/or sub. */
        boolean endedBy(LogoutToken logout) {
            return issuer.equals(logout.issuer())
                    && logout.sessionId()
                            .map(sid -> sessionId.equals(Optional.of(sid)))
                            .orElse(true)
                    && logout.subject().map(subject::equals).orElse(true);
        }

        @Override
        public String toString() {
            return "ProviderLogin[issuer=" + issuer + ", subject=" + subject + ", idToken=<redacted>]";
        }
    }

    private record Entry(Caller caller, ProviderLogin login, String csrfToken, Instant expiresAt, Instant lastUsed) {
        boolean liveAt(Instant now, SessionPolicy policy) {
            return now.isBefore(expiresAt) && now.isBefore(lastUsed.plus(policy.idleTimeout()));
        }
    }

    /** Opens a session for {@code caller}, who logged in at the provider as {@code login}. */
    public synchronized Session open(Caller caller, ProviderLogin login) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(login, "login");
        Instant now = clock.instant();
        sessions.values().removeIf(entry -> !entry.liveAt(now, policy));
        while (sessions.size() >= capacity) {
            Iterator<String> leastRecent = sessions.keySet().iterator();
            leastRecent.next();
            leastRecent.remove();
        }
        String token = Secrets.random(random);
        String csrf = Secrets.random(random);
        Instant expiresAt = now.plus(policy.absoluteTimeout());
        sessions.put(Secrets.sha256(token), new Entry(caller, login, csrf, expiresAt, now));
        return new Session(token, csrf, expiresAt);
    }

    /** The caller of a live session, which counts as a use (the idle time starts again); empty when it has ended. */
    public synchronized Optional<Caller> authenticate(String token) {
        return live(token).map(key -> {
            Entry entry = sessions.get(key);
            sessions.put(
                    key,
                    new Entry(entry.caller(), entry.login(), entry.csrfToken(), entry.expiresAt(), clock.instant()));
            return entry.caller();
        });
    }

    /** The CSRF token of a live session. */
    public synchronized Optional<String> csrfToken(String token) {
        return live(token).map(key -> sessions.get(key).csrfToken());
    }

    /** Whether {@code presented} is the CSRF token of the live session {@code token}. */
    public boolean verifyCsrf(String token, String presented) {
        return presented != null
                && csrfToken(token).map(csrf -> Secrets.same(csrf, presented)).orElse(false);
    }

    /**
     * Ends the session, if there is one.
     *
     * @return the provider login of the session, when it was still live: what to end at the provider too
     */
    public synchronized Optional<ProviderLogin> end(String token) {
        if (token == null || token.isBlank() || token.length() > 256) {
            return Optional.empty();
        }
        Entry entry = sessions.remove(Secrets.sha256(token));
        return entry != null && entry.liveAt(clock.instant(), policy) ? Optional.of(entry.login()) : Optional.empty();
    }

    /**
     * Ends every session the provider's logout token is about: of its issuer, and of its {@code sid} (the provider's
     * session) when it names one, of its {@code sub} (the user) when it names one, or both.
     *
     * @return how many sessions ended
     */
    public synchronized int end(LogoutToken logout) {
        Objects.requireNonNull(logout, "logout");
        int before = sessions.size();
        sessions.values().removeIf(entry -> entry.login().endedBy(logout));
        return before - sessions.size();
    }

    /** How many sessions are held (ended ones included until the next login). */
    public synchronized int size() {
        return sessions.size();
    }

    private Optional<String> live(String token) {
        if (token == null || token.isBlank() || token.length() > 256) {
            return Optional.empty();
        }
        String key = Secrets.sha256(token);
        Entry entry = sessions.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.liveAt(clock.instant(), policy)) {
            sessions.remove(key);
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
