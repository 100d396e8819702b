package io.openova.catalyst.identity.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Browser logins that went to the identity provider and have not come back yet (authorization code flow with PKCE,
 * RFC 7636). Each holds its {@code state}, {@code nonce} and PKCE verifier on the server, under a random binding
 * that only the browser which started it has (in a cookie). A login is taken once: a second callback with the same
 * binding finds nothing. Entries expire; when the store is full the oldest login is dropped, so a flood of starts
 * costs bounded memory (and at worst cancels logins that were still pending).
 *
 * <p>Thread-safe. In memory: logins pending during a restart must start again.
 */
public final class PendingLogins {
    /** How long a login may take at the identity provider. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** How many logins may be pending at once. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Clock clock;
    private final SecureRandom random;
    private final Duration timeout;
    private final int capacity;
    private final Map<String, PendingLogin> byBinding = new LinkedHashMap<>();

    public PendingLogins(Clock clock, SecureRandom random, Duration timeout, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1");
        }
        this.timeout = timeout;
        this.capacity = capacity;
    }

    /**
     * A login that went to the provider.
     *
     * @param state the OAuth {@code state}, compared at the callback
     * @param nonce the OIDC {@code nonce}, which the ID token must carry
     * @param codeVerifier the PKCE verifier, sent with the code
     * @param issuer the issuer the login was started at
     * @param next the console route to return to
     * @param expiresAt when the login is no longer accepted
     */
    public record PendingLogin(
            String state, String nonce, String codeVerifier, String issuer, String next, Instant expiresAt) {
        /** The PKCE {@code code_challenge} of method S256. */
        public String codeChallenge() {
            return Secrets.sha256(codeVerifier);
        }

        @Override
        public String toString() {
            return "PendingLogin[issuer=" + issuer + ", expiresAt=" + expiresAt + ", secrets=<redacted>]";
        }
    }

    /**
     * A started login and the binding to give the browser.
     *
     * @param binding the value of the browser's cookie; the store keeps only its digest
     */
    public record Started(String binding, PendingLogin login) {
        @Override
        public String toString() {
            return "Started[" + login + "]";
        }
    }

    /** Starts a login at {@code issuer} that returns to {@code next}. */
    public synchronized Started start(String issuer, String next) {
        Instant now = clock.instant();
        purge(now);
        while (byBinding.size() >= capacity) {
            Iterator<String> oldest = byBinding.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        String binding = Secrets.random(random);
        PendingLogin login = new PendingLogin(
                Secrets.random(random),
                Secrets.random(random),
                Secrets.random(random),
                issuer,
                next,
                now.plus(timeout));
        byBinding.put(Secrets.sha256(binding), login);
        return new Started(binding, login);
    }

    /**
     * Takes the login of {@code binding} out of the store, and answers it only when it has not expired and
     * {@code state} is its state. Either way the login is gone: a code comes back once.
     */
    public synchronized Optional<PendingLogin> take(String binding, String state) {
        if (binding == null || binding.isBlank() || state == null || state.isBlank()) {
            return Optional.empty();
        }
        PendingLogin login = byBinding.remove(Secrets.sha256(binding));
        if (login == null || !clock.instant().isBefore(login.expiresAt()) || !Secrets.same(login.state(), state)) {
            return Optional.empty();
        }
        return Optional.of(login);
    }

    /** How many logins are pending (expired ones included until the next start). */
    public synchronized int size() {
        return byBinding.size();
    }

    private void purge(Instant now) {
        byBinding.values().removeIf(login -> !now.isBefore(login.expiresAt()));
    }
}
