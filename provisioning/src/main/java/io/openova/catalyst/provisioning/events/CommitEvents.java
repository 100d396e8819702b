package io.openova.catalyst.provisioning.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.api.event.EventMeta;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The facts one commit of an Environment repository states, derived from the commit alone (its trailers and the
 * Application records before and after it), so the recovery pass derives exactly what provisioning published after
 * committing: an Environment created or rolled back, and per Application whose record appeared or changed a
 * {@code committed} event, per Application whose record left an {@code uninstalled} one. Times are the commit's.
 */
public final class CommitEvents {
    /** Trailers provisioning writes (see {@code Provisioning}). */
    static final String OPERATION_ID = "Operation-Id";

    static final String ACTION = "Catalyst-Action";
    static final String CREATE_ENVIRONMENT = "create-environment";
    static final String ROLLBACK = "rollback";
    private static final String ROLLBACK_SUBJECT = "rollback to ";

    private CommitEvents() {}

    public static List<CatalystEvent> of(
            EnvironmentRef env,
            CommitInfo commit,
            Map<String, ApplicationRecord> before,
            Map<String, ApplicationRecord> after) {
        String action = commit.trailers().getOrDefault(ACTION, "commit");
        EventMeta meta = new EventMeta(
                env,
                commit.trailers().getOrDefault(OPERATION_ID, commit.id()),
                Optional.of(commit.id()),
                commit.time());
        List<CatalystEvent> events = new ArrayList<>();
        if (action.equals(CREATE_ENVIRONMENT)) {
            events.add(new EnvironmentEvent.Created(meta));
        } else if (action.equals(ROLLBACK)) {
            String target = commit.subject().startsWith(ROLLBACK_SUBJECT)
                    ? commit.subject().substring(ROLLBACK_SUBJECT.length())
                    : "";
            events.add(new EnvironmentEvent.RolledBack(meta, target));
        }
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            ApplicationRecord old = before.get(name);
            ApplicationRecord now = after.get(name);
            if (now == null) {
                events.add(new ApplicationEvent.Uninstalled(meta, name));
            } else if (!now.equals(old)) {
                events.add(new ApplicationEvent.Committed(meta, name, action, now.blueprint(), now.version()));
            }
        }
        return List.copyOf(events);
    }
}
