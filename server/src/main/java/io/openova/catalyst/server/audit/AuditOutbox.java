package io.openova.catalyst.server.audit;

import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit entries the spine could not take, kept on disk until it can: one file per entry in {@code
 * <data-dir>/audit-outbox/<org>/}, written to a temporary name, forced to disk and then renamed, so a crash leaves
 * either the whole entry or none. {@link #drain} publishes each Organization's entries oldest first with the dedupe id
 * they were given when the request ended, and deletes each file only after the spine acknowledged it: a crash between
 * the two publishes it again, and the spine's dedupe window drops the copy. Each Organization has a queue of its own,
 * so one whose stream cannot be reached (no NATS credentials yet) holds up no other.
 */
final class AuditOutbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditOutbox.class);
    private static final String SUFFIX = ".entry";

    private final Path directory;
    private final AtomicLong next;
    private final Map<String, AtomicInteger> parked = new ConcurrentHashMap<>();

    AuditOutbox(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit outbox " + directory, e);
        }
        long last = 0;
        for (String organization : organizations()) {
            List<Path> files = files(organization);
            parked.put(organization, new AtomicInteger(files.size()));
            if (!files.isEmpty()) {
                last = Math.max(last, order(files.getLast()));
            }
        }
        this.next = new AtomicLong(Math.max(last + 1, System.currentTimeMillis() * 1000));
    }

    /** Whether no entry of {@code organization} is waiting. */
    boolean isEmpty(String organization) {
        AtomicInteger count = parked.get(organization);
        return count == null || count.get() == 0;
    }

    /** How many entries are waiting, over all Organizations. */
    int size() {
        return parked.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Keeps an entry of {@code organization} for {@link #drain}, durably. */
    void park(String organization, String subject, String dedupeId, byte[] payload) {
        Path folder = directory.resolve(organization);
        Path file = folder.resolve(String.format("%020d", next.getAndIncrement()) + SUFFIX);
        Path temporary = folder.resolve(file.getFileName() + ".tmp");
        byte[] head = (subject + "\n" + dedupeId + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(
                    temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                channel.write(new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(payload)});
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            counter(organization).incrementAndGet();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a left-over temporary file is never read: drain() takes only complete entries
            }
            throw new UncheckedIOException("cannot keep an audit entry in " + folder, e);
        }
    }

    /**
     * Publishes the waiting entries, each Organization's oldest first, until none is left or the spine refuses one
     * (that one and the ones after it in its Organization wait for the next call). Returns how many were published.
     */
    synchronized int drain(EventSpine spine) {
        int published = 0;
        for (String organization : organizations()) {
            published += drain(spine, organization);
        }
        return published;
    }

    private int drain(EventSpine spine, String organization) {
        int published = 0;
        for (Path file : files(organization)) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                LOGGER.warn("Cannot read the audit outbox entry {}, retried on the next pass", file, e);
                return published;
            }
            int first = indexOf(content, 0);
            int second = first < 0 ? -1 : indexOf(content, first + 1);
            if (second < 0) {
                LOGGER.error("Unreadable audit outbox entry {}: moved aside as {}.unreadable", file, file);
                setAside(organization, file);
                continue;
            }
            String subject = new String(content, 0, first, StandardCharsets.UTF_8);
            String dedupeId = new String(content, first + 1, second - first - 1, StandardCharsets.UTF_8);
            byte[] payload = Arrays.copyOfRange(content, second + 1, content.length);
            try {
                spine.publish(subject, dedupeId, payload);
            } catch (IllegalArgumentException e) {
                LOGGER.error(
                        "The spine refuses the audit outbox entry {} as invalid, moved aside as {}.unreadable: {}",
                        file,
                        file,
                        e.getMessage());
                setAside(organization, file);
                continue;
            } catch (SpineException e) {
                LOGGER.warn(
                        "The spine still refuses audit entries of org={} ({} waiting): {}",
                        organization,
                        counter(organization).get(),
                        e.getMessage());
                return published;
            }
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the published audit outbox entry " + file, e);
            }
            counter(organization).decrementAndGet();
            published++;
        }
        return published;
    }

    private AtomicInteger counter(String organization) {
        return parked.computeIfAbsent(organization, any -> new AtomicInteger());
    }

    private List<String> organizations() {
        try (Stream<Path> folders = Files.list(directory)) {
            return folders.filter(Files::isDirectory)
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit outbox " + directory, e);
        }
    }

    private List<Path> files(String organization) {
        try (Stream<Path> files = Files.list(directory.resolve(organization))) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit outbox " + directory.resolve(organization), e);
        }
    }

    private static long order(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int indexOf(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Renames {@code file} to {@code <file>.unreadable}, where no drain looks again. */
    private void setAside(String organization, Path file) {
        try {
            Files.move(
                    file, file.resolveSibling(file.getFileName() + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
            counter(organization).decrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move aside " + file, e);
        }
    }
}
