package io.openova.catalyst.spine;

import java.time.Duration;

/**
 * A named, persistent reader of one Organization's stream: the spine remembers which messages it acknowledged, so a
 * subscriber that stops and comes back (another process, after a restart) goes on where the acknowledgements left off.
 *
 * @param organization whose stream it reads
 * @param name its name, unique within the Organization: a DNS-1123 label such as {@code projector}
 * @param filter which subjects it receives (see {@link Subjects}); fixed when the consumer is first created
 * @param ackWait how long a delivered message may stay unacknowledged before it is delivered again
 */
public record DurableConsumer(String organization, String name, String filter, Duration ackWait) {

    /** The ack wait of {@link #of(String, String, String)}. */
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

    public DurableConsumer {
        Names.requireOrganization(organization);
        Names.requireConsumerName(name);
        Subjects.requireFilter(organization, filter);
        if (ackWait == null || ackWait.isNegative() || ackWait.isZero()) {
            throw new IllegalArgumentException(
                    "ack wait of consumer '" + name + "' must be a positive duration, was " + ackWait);
        }
    }

    /** A consumer with the {@linkplain #DEFAULT_ACK_WAIT default ack wait}. */
    public static DurableConsumer of(String organization, String name, String filter) {
        return new DurableConsumer(organization, name, filter, DEFAULT_ACK_WAIT);
    }
}
