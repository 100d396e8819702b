package io.openova.catalyst.gitops;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The newest first-parent commit carrying each value of one trailer, kept up to date incrementally: a lookup walks
 * only the commits made since the last one (by this process or any other). When the commit indexed last is no longer
 * in the history (a branch rewritten outside Catalyst), the whole history is walked once again.
 */
final class TrailerIndex {
    private final String key;
    private final Map<String, ObjectId> newest = new HashMap<>();
    private ObjectId upTo;

    TrailerIndex(String key) {
        this.key = key;
    }

    synchronized Optional<ObjectId> find(RevWalk walk, ObjectId head, String value) throws IOException {
        if (!head.equals(upTo)) {
            catchUp(walk, head);
        }
        return Optional.ofNullable(newest.get(value));
    }

    private void catchUp(RevWalk walk, ObjectId head) throws IOException {
        walk.reset();
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(head));
        Map<String, ObjectId> found = new HashMap<>();
        boolean reached = false;
        for (RevCommit commit : walk) {
            if (commit.equals(upTo)) {
                reached = true;
                break;
            }
            for (FooterLine line : commit.getFooterLines()) {
                if (line.getKey().equalsIgnoreCase(key)) {
                    found.putIfAbsent(line.getValue(), commit.copy());
                }
            }
        }
        if (!reached) {
            newest.clear();
        }
        newest.putAll(found);
        upTo = head.copy();
    }
}
