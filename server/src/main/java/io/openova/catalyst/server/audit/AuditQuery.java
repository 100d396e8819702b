package io.openova.catalyst.server.audit;

import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem.FieldError;
import io.openova.catalyst.spine.Subjects;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an audit log reader asks for: the newest {@code limit} entries, older than the {@code cursor} of the page
 * before, that match every filter given. Parsed from the query parameters of the audit routes; every invalid parameter
 * is named in one 400 answer.
 *
 * @param limit how many entries a page holds at most
 * @param cursor where the page before ended, from its {@code Link: rel="next"}
 * @param actor only entries of this caller's subject
 * @param action only this action, such as {@code application.install}
 * @param result only {@code success}, {@code refused} or {@code failed}
 * @param environment only requests about this Environment of the Organization
 * @param organization only this Organization (the Sovereign route; the Organization route names its own)
 * @param since only entries at or after this instant
 * @param until only entries before this instant
 */
public record AuditQuery(
        int limit,
        Optional<Cursor> cursor,
        Optional<String> actor,
        Optional<String> action,
        Optional<String> result,
        Optional<String> environment,
        Optional<String> organization,
        Optional<Instant> since,
        Optional<Instant> until) {

    /** The most entries one page holds. */
    public static final int MAX_LIMIT = 500;

    static final Set<String> RESULTS = Set.of("success", "refused", "failed");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-zA-Z0-9]*)+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * The order of the Sovereign's merged log, newest first: by when the spine recorded the entry, then Organization,
     * then newest sequence. Within one Organization this is its stream's order, newest first. A cursor is the last
     * entry of a page in this order; the Organization route only uses its sequence.
     */
    static final Comparator<AuditEntry> NEWEST_FIRST = Comparator.comparing(AuditEntry::recorded)
            .reversed()
            .thenComparing(AuditEntry::organization)
            .thenComparing(Comparator.comparingLong(AuditEntry::sequence).reversed());

    /** The query parameters of the audit routes, as given (null when absent). */
    public record Parameters(
            String limit,
            String cursor,
            String actor,
            String action,
            String result,
            String environment,
            String organization,
            String since,
            String until) {}

    /** The query {@code parameters} ask for, or a 400 naming every parameter that is not valid. */
    public static AuditQuery parse(Parameters parameters) {
        List<FieldError> errors = new ArrayList<>();
        int limit = limit(parameters.limit(), errors);
        Optional<Cursor> cursor = present(parameters.cursor()).flatMap(value -> Cursor.parse(value, errors));
        Optional<String> actor = present(parameters.actor());
        Optional<String> action = present(parameters.action());
        action.filter(value -> !ACTION.matcher(value).matches())
                .ifPresent(value -> errors.add(FieldError.parameter(
                        "action", "must be an action such as 'application.install', got '" + value + "'")));
        Optional<String> result = present(parameters.result());
        result.filter(value -> !RESULTS.contains(value))
                .ifPresent(value -> errors.add(FieldError.parameter(
                        "result", "must be one of failed, refused, success, got '" + value + "'")));
        Optional<String> environment = label("environment", parameters.environment(), errors);
        Optional<String> organization = label("organization", parameters.organization(), errors);
        Optional<Instant> since = instant("since", parameters.since(), errors);
        Optional<Instant> until = instant("until", parameters.until(), errors);
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            errors.add(FieldError.parameter("until", "must be after since (" + since.get() + "), got " + until.get()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new AuditQuery(limit, cursor, actor, action, result, environment, organization, since, until);
    }

    /** Whether {@code entry} passes every filter but the cursor. */
    boolean matches(AuditEntry entry) {
        return actor.map(entry.actor()::equals).orElse(true)
                && action.map(entry.action()::equals).orElse(true)
                && result.map(entry.result()::equals).orElse(true)
                && organization.map(entry.organization()::equals).orElse(true)
                && environment
                        .map(env -> entry.target().contains("/environments/" + env + "/")
                                || entry.target().endsWith("/environments/" + env))
                        .orElse(true)
                && since.map(instant -> !entry.time().isBefore(instant)).orElse(true)
                && until.map(entry.time()::isBefore).orElse(true);
    }

    /** Whether the Sovereign's merged log puts {@code entry} after the cursor (on a later page). */
    boolean afterCursor(AuditEntry entry) {
        return cursor.map(at -> NEWEST_FIRST.compare(entry, at.asEntry()) > 0).orElse(true);
    }

    /** The subject filter of {@code organization}'s audit entries this query can match. */
    String subjects(String org) {
        return action.map(value -> AuditLog.subject(org, value)).orElseGet(() -> Subjects.audit(org));
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null) {
            return 100;
        }
        int max;
        try {
            max = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            errors.add(FieldError.parameter(
                    "limit", "must be a whole number between 1 and " + MAX_LIMIT + ", got '" + value + "'"));
        }
        return max;
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    private static Optional<String> label(String name, String value, List<FieldError> errors) {
        Optional<String> label = present(value);
        label.filter(text -> !LABEL.matcher(text).matches())
                .ifPresent(text -> errors.add(FieldError.parameter(
                        name, "must be a DNS-1123 label (lower-case letters, digits and '-'), got '" + text + "'")));
        return label;
    }

    private static Optional<Instant> instant(String name, String value, List<FieldError> errors) {
        Optional<String> text = present(value);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            errors.add(FieldError.parameter(
                    name, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '" + text.get() + "'"));
            return Optional.empty();
        }
    }

    /**
     * Where a page ended: when the spine recorded its last entry, Organization and sequence, written {@code <epoch-second>.<nano>~<org>~
     * <sequence>}. Opaque to clients: they pass back what the {@code Link} header gave them.
     */
    public record Cursor(Instant time, String organization, long sequence) {
        private static final Pattern FORMAT = Pattern.compile("(\\d{1,19})\\.(\\d{1,9})~([-a-z0-9]{1,63})~(\\d{1,19})");

        static Cursor of(AuditEntry entry) {
            return new Cursor(entry.recorded(), entry.organization(), entry.sequence());
        }

        static Optional<Cursor> parse(String value, List<FieldError> errors) {
            var matcher = FORMAT.matcher(value);
            if (matcher.matches()) {
                try {
                    return Optional.of(new Cursor(
                            Instant.ofEpochSecond(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))),
                            matcher.group(3),
                            Long.parseLong(matcher.group(4))));
                } catch (RuntimeException e) {
                    // out of range: reported below like any other malformed cursor
                }
            }
            errors.add(FieldError.parameter(
                    "cursor", "is not a cursor this server gave in a Link header, got '" + value + "'"));
            return Optional.empty();
        }

        @Override
        public String toString() {
            return time.getEpochSecond() + "." + time.getNano() + "~" + organization + "~" + sequence;
        }

        /** A stand-in entry at the cursor's place, to compare entries with it. */
        AuditEntry asEntry() {
            return new AuditEntry(
                    sequence,
                    time,
                    time,
                    "",
                    Optional.empty(),
                    organization,
                    "",
                    "",
                    "",
                    0,
                    "",
                    Optional.empty(),
                    Optional.empty());
        }
    }
}
