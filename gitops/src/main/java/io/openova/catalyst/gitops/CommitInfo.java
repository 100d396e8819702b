package io.openova.catalyst.gitops;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A commit of an Environment repository, as read back from Git.
 *
 * @param id the full commit id
 * @param subject the first line of the message
 * @param trailers the trailers of the message ({@code Key: value} lines of its last paragraph)
 * @param time the commit time (whole seconds, as Git stores it)
 * @param author the author's name
 * @param changed false when a {@link EnvironmentRepositories#commit commit} found nothing to change and returned HEAD
 */
public record CommitInfo(
        String id, String subject, SortedMap<String, String> trailers, Instant time, String author, boolean changed) {
    public CommitInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        trailers = Collections.unmodifiableSortedMap(new TreeMap<>(trailers));
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(author, "author");
    }
}
