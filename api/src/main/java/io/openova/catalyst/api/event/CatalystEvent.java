package io.openova.catalyst.api.event;

/**
 * A fact on the event spine (docs/events.md): one sealed hierarchy, so every consumer's {@code switch} is checked for
 * completeness by the compiler.
 */
public sealed interface CatalystEvent permits ApplicationEvent, EnvironmentEvent {
    EventMeta meta();

    /** The last token of the event's subject and its name on the wire, e.g. {@code committed}. */
    String type();
}
