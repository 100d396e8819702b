package io.openova.catalyst.server.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.diff.FileDiff;
import io.openova.catalyst.provisioning.Outcome;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.List;
import java.util.Map;

/** JSON shapes of the provisioning API. Secret values never appear: only which secret fields are set. */
public final class ProvisioningViews {
    private ProvisioningViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApplicationView(
            String name,
            String blueprint,
            String version,
            Map<String, Object> values,
            List<String> secrets,
            String partOf) {
        static ApplicationView of(ApplicationRecord record) {
            return new ApplicationView(
                    record.name(),
                    record.blueprint(),
                    record.version(),
                    record.values(),
                    record.secrets(),
                    record.partOf().orElse(null));
        }
    }

    public record FileDiffView(String path, String change, String diff) {
        static FileDiffView of(FileDiff diff) {
            return new FileDiffView(
                    diff.path(), diff.change().name().toLowerCase(java.util.Locale.ROOT), diff.unified());
        }
    }

    public record OutcomeView(
            String operationId,
            String action,
            String commit,
            boolean changed,
            boolean preview,
            boolean replayed,
            List<FileDiffView> diff,
            List<ApplicationView> applications) {
        static OutcomeView of(Outcome outcome) {
            return new OutcomeView(
                    outcome.operationId(),
                    outcome.action(),
                    outcome.commitId(),
                    outcome.changed(),
                    outcome.preview(),
                    outcome.replayed(),
                    outcome.diff().stream().map(FileDiffView::of).toList(),
                    outcome.applications().stream().map(ApplicationView::of).toList());
        }
    }

    public record EnvironmentView(String organization, String name, String repository) {}

    public record CommitView(String commit, String subject, Map<String, String> trailers, String time, String author) {
        static CommitView of(CommitInfo info) {
            return new CommitView(
                    info.id(), info.subject(), info.trailers(), info.time().toString(), info.author());
        }
    }
}
