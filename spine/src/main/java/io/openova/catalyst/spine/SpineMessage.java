package io.openova.catalyst.spine;

import java.time.Instant;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * One fact as the spine stores it.
 *
 * @param subject where it was published, {@code catalyst.<org>.<env>.<kind>...}
 * @param sequence its position in its Organization's stream, from 1
 * @param dedupeId the dedupe id it was published with
 * @param headers its headers, sorted by name, without the ones NATS keeps for itself
 * @param payload its bytes, as published; the accessor returns a copy
 * @param published when the spine stored it
 */
public record SpineMessage(
        String subject,
        long sequence,
        String dedupeId,
        SortedMap<String, String> headers,
        byte[] payload,
        Instant published) {

    public SpineMessage {
        Subjects.requireSubject(subject);
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        Names.requireDedupeId(dedupeId);
        headers = Names.requireHeaders(headers);
        payload = Names.requirePayload("payload", payload).clone();
        if (published == null) {
            throw new IllegalArgumentException("published must not be null");
        }
    }

    /** The Organization whose stream holds this message: the subject's second token. */
    public String organization() {
        return subject.substring(Subjects.ROOT.length() + 1, subject.indexOf('.', Subjects.ROOT.length() + 1));
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpineMessage that
                && sequence == that.sequence
                && subject.equals(that.subject)
                && dedupeId.equals(that.dedupeId)
                && headers.equals(that.headers)
                && Arrays.equals(payload, that.payload)
                && published.equals(that.published);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * subject.hashCode() + Long.hashCode(sequence)) + Arrays.hashCode(payload);
    }

    /** Names the message without its payload, which may be large. */
    @Override
    public String toString() {
        return "SpineMessage[subject=" + subject + ", sequence=" + sequence + ", dedupeId=" + dedupeId + ", headers="
                + headers + ", payload=" + payload.length + " bytes, published=" + published + "]";
    }
}
