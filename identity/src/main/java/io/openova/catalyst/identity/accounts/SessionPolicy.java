package io.openova.catalyst.identity.accounts;

import java.time.Duration;

/**
 * How long a {@link Session} of {@link LocalAccounts} lasts.
 *
 * @param absoluteTimeout how long after login a session ends, used or not; positive
 * @param idleTimeout how long a session may go unused before it ends; each use starts it again; positive and at most
 *     {@code absoluteTimeout}
 */
public record SessionPolicy(Duration absoluteTimeout, Duration idleTimeout) {
    /** 8 hours at most, 30 minutes idle. */
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30));

    public SessionPolicy {
        LockoutPolicy.requirePositive("sessions.absoluteTimeout", absoluteTimeout);
        LockoutPolicy.requirePositive("sessions.idleTimeout", idleTimeout);
        if (idleTimeout.compareTo(absoluteTimeout) > 0) {
            throw new IllegalArgumentException("sessions.idleTimeout: must be at most sessions.absoluteTimeout ("
                    + absoluteTimeout + "), got " + idleTimeout);
        }
    }
}
