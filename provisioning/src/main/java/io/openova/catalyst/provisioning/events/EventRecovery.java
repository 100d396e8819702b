package io.openova.catalyst.provisioning.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.Snapshot;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import io.openova.catalyst.provisioning.compose.ApplicationRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git is the source of truth, the spine follows it: for each Environment, publishes the events of every commit after
 * the last one known to be published, oldest first, then moves that mark. A crash between a commit and its publish
 * therefore loses nothing, and the dedupe ids (one per commit and subject) keep a second publish from storing
 * anything. Run at start and periodically.
 */
public final class EventRecovery {
    /** How far back one pass looks for an Environment that has never been published; older commits stay unpublished. */
    static final int MAX_COMMITS = 1000;

    private static final Logger LOGGER = LoggerFactory.getLogger(EventRecovery.class);

    private final EnvironmentRepositories repositories;
    private final EventPublisher publisher;

    public EventRecovery(EnvironmentRepositories repositories, EventPublisher publisher) {
        this.repositories = repositories;
        this.publisher = publisher;
    }

    /** Recovers every Environment; returns how many commits' events were published. One failure does not stop the rest. */
    public int recoverAll() {
        int published = 0;
        for (EnvironmentRef env : repositories.list()) {
            try {
                published += recover(env);
            } catch (RuntimeException e) {
                LOGGER.warn("event recovery failed, retried on the next pass: env={}", env, e);
            }
        }
        return published;
    }

    /** Publishes the events of the commits of {@code env} after its mark; returns how many commits that was. */
    public int recover(EnvironmentRef env) {
        Optional<String> mark = publisher.publishedUpTo(env);
        if (mark.isPresent() && repositories.log(env, 1).getFirst().id().equals(mark.get())) {
            return 0;
        }
        List<CommitInfo> log = repositories.log(env, MAX_COMMITS + 1);
        List<CommitInfo> pending = new ArrayList<>();
        for (CommitInfo commit : log) {
            if (mark.filter(commit.id()::equals).isPresent()) {
                break;
            }
            pending.add(commit);
        }
        if (pending.isEmpty()) {
            return 0;
        }
        boolean rootIncluded = pending.size() == log.size() && log.size() <= MAX_COMMITS;
        if (pending.size() > MAX_COMMITS) {
            pending = pending.subList(0, MAX_COMMITS);
        }
        Collections.reverse(pending);
        Map<String, ApplicationRecord> before =
                rootIncluded ? Map.of() : records(repositories.at(env, parentOf(log, pending.getFirst())));
        for (CommitInfo commit : pending) {
            Map<String, ApplicationRecord> after = records(repositories.at(env, commit.id()));
            publisher.publish(CommitEvents.of(env, commit, before, after));
            publisher.publishedUpTo(env, commit.id());
            before = after;
        }
        LOGGER.info("events recovered: env={} commits={}", env, pending.size());
        return pending.size();
    }

    private static String parentOf(List<CommitInfo> log, CommitInfo commit) {
        int i = log.indexOf(commit);
        return log.get(i + 1).id();
    }

    static Map<String, ApplicationRecord> records(Snapshot snapshot) {
        Map<String, ApplicationRecord> out = new TreeMap<>();
        snapshot.files().forEach((path, bytes) -> {
            if (ApplicationRecords.isRecord(path)) {
                ApplicationRecord record = ApplicationRecords.read(path, bytes);
                out.put(record.name(), record);
            }
        });
        return out;
    }
}
