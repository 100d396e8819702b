package io.openova.catalyst.gitops;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The message and author of a commit. {@link #format()} gives the Git message: the subject, a blank line, the body
 * (omitted when empty), a blank line and one {@code Key: value} trailer per line, in key order.
 *
 * @param subject one line, not blank
 * @param body free text, possibly empty
 * @param trailers keys are letters, digits and '-'; values are one line without surrounding whitespace
 * @param authorName the author's name, used for the committer too
 * @param authorEmail the author's email address
 */
public record CommitMessage(
        String subject, String body, SortedMap<String, String> trailers, String authorName, String authorEmail) {
    /**
     * The trailer of a request's idempotency key: the adapters index it, so finding an earlier commit of a retried
     * request does not walk the whole history.
     */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    public CommitMessage {
        requireLine("subject", subject);
        Objects.requireNonNull(body, "body");
        trailers = Collections.unmodifiableSortedMap(new TreeMap<>(trailers));
        trailers.forEach((key, value) -> {
            if (!TRAILER_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "trailer key '" + key + "' must be letters, digits and '-', starting with a letter or digit");
            }
            requireLine("trailer " + key, value);
        });
        requireLine("author name", authorName);
        requireLine("author email", authorEmail);
        if (authorName.contains("<") || authorEmail.contains("<") || authorEmail.contains(">")) {
            throw new IllegalArgumentException("author name and email must not contain '<' or '>'");
        }
    }

    /** A message without body and without trailers. */
    public CommitMessage(String subject, String authorName, String authorEmail) {
        this(subject, "", new TreeMap<>(), authorName, authorEmail);
    }

    /** A copy with one more trailer. */
    public CommitMessage withTrailer(String key, String value) {
        SortedMap<String, String> more = new TreeMap<>(trailers);
        more.put(key, value);
        return new CommitMessage(subject, body, more, authorName, authorEmail);
    }

    /** The Git commit message. */
    public String format() {
        StringBuilder message = new StringBuilder(subject).append('\n');
        String text = body.strip();
        if (!text.isEmpty()) {
            message.append('\n').append(text).append('\n');
        }
        if (!trailers.isEmpty()) {
            message.append('\n');
            for (Map.Entry<String, String> trailer : trailers.entrySet()) {
                message.append(trailer.getKey())
                        .append(": ")
                        .append(trailer.getValue())
                        .append('\n');
            }
        }
        return message.toString();
    }

    private static void requireLine(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (!value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    what + " must be one line without control characters or surrounding whitespace");
        }
    }
}
