package io.openova.catalyst.projector;

import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.events.EventCodec;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events out of spine messages, for the projector and the fan-out alike. */
final class EventMessages {
    private static final Logger LOGGER = LoggerFactory.getLogger(EventMessages.class);

    private EventMessages() {}

    /**
     * The event {@code message} carries, or empty (logged) if it carries none: a payload {@link EventCodec} cannot
     * read, or an event published on another subject than its own (it would land in the wrong read model).
     */
    static Optional<CatalystEvent> decode(SpineMessage message) {
        return decode(message, problem -> {});
    }

    /** As {@link #decode(SpineMessage)}, telling {@code problems} why a message carries no event. */
    static Optional<CatalystEvent> decode(SpineMessage message, java.util.function.Consumer<String> problems) {
        CatalystEvent event;
        try {
            event = EventCodec.decode(message.payload());
        } catch (IllegalArgumentException e) {
            problems.accept(e.getMessage());
            LOGGER.warn(
                    "Skipping a message that is no event org={} sequence={} subject={}: {}",
                    message.organization(),
                    message.sequence(),
                    message.subject(),
                    e.getMessage());
            return Optional.empty();
        }
        String expected = EventCodec.subject(event);
        if (!expected.equals(message.subject())) {
            problems.accept("published on " + message.subject() + " but its subject is " + expected);
            LOGGER.warn(
                    "Skipping an event published on another subject than its own org={} sequence={} subject={}"
                            + " expected={}",
                    message.organization(),
                    message.sequence(),
                    message.subject(),
                    expected);
            return Optional.empty();
        }
        return Optional.of(event);
    }
}
