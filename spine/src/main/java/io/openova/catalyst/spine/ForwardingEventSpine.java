package io.openova.catalyst.spine;

import java.util.List;
import java.util.Map;

/**
 * An {@link EventSpine} that hands every call to another: extend it to change or watch a few calls (count reads,
 * refuse publishes, time them) and leave the rest as they are.
 */
public abstract class ForwardingEventSpine implements EventSpine {
    private final EventSpine delegate;

    protected ForwardingEventSpine(EventSpine delegate) {
        this.delegate = delegate;
    }

    /** The spine calls are handed to. */
    protected EventSpine delegate() {
        return delegate;
    }

    @Override
    public PublishAck publish(String subject, String dedupeId, Map<String, String> headers, byte[] payload) {
        return delegate.publish(subject, dedupeId, headers, payload);
    }

    @Override
    public List<SpineMessage> read(String organization, long afterSequence, String filter, int max) {
        return delegate.read(organization, afterSequence, filter, max);
    }

    @Override
    public long lastSequence(String organization) {
        return delegate.lastSequence(organization);
    }

    @Override
    public Subscription subscribe(DurableConsumer consumer, DeliveryHandler handler) {
        return delegate.subscribe(consumer, handler);
    }

    @Override
    public boolean deleteConsumer(String organization, String name) {
        return delegate.deleteConsumer(organization, name);
    }

    @Override
    public Subscription follow(String organization, long afterSequence, String filter, MessageListener listener) {
        return delegate.follow(organization, afterSequence, filter, listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
