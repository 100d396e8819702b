package io.openova.catalyst.provisioning;

import io.openova.catalyst.gitops.diff.FileDiff;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.List;
import java.util.Optional;

/**
 * What an operation did (or, in preview, would do).
 *
 * @param commitId the commit made; for a preview or a change that changed nothing, the commit the Environment is at
 * @param changed whether the Environment's tree changed
 * @param replayed whether this is the stored result of an earlier request with the same idempotency key
 * @param diff the exact file changes committed (or that would be)
 * @param applications the Applications of the Environment afterwards
 */
public record Outcome(
        String operationId,
        String action,
        String commitId,
        boolean changed,
        boolean preview,
        boolean replayed,
        List<FileDiff> diff,
        List<ApplicationRecord> applications) {
    public Outcome {
        diff = List.copyOf(diff);
        applications = List.copyOf(applications);
    }

    public Optional<String> commit() {
        return Optional.ofNullable(commitId);
    }
}
