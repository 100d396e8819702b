package io.openova.catalyst.spine;

/**
 * The spine's answer to a publish: where the message is in its Organization's stream.
 *
 * @param organization the Organization whose stream holds the message (the subject's second token)
 * @param sequence the message's position in that stream, from 1
 * @param duplicate {@code true} if the dedupe id had been published before within the dedupe window: nothing was
 *     stored and {@code sequence} is the first message's
 */
public record PublishAck(String organization, long sequence, boolean duplicate) {

    public PublishAck {
        Names.requireOrganization(organization);
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
    }
}
