package io.openova.catalyst.spine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The grammar of spine subjects and subject filters.
 *
 * <p>A subject is {@code catalyst.<org>.<env>.<kind>[.<more>...]}: the literal {@code catalyst}, then at least three
 * tokens, each a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most
 * 63 characters), {@value #MAX_TOKENS} tokens and {@value #MAX_LENGTH} characters at most. The second token is the
 * Organization: it picks the stream the message goes to.
 *
 * <p>A filter selects subjects of one Organization with the NATS wildcards: {@code *} stands for exactly one token,
 * {@code >} (last token only) for one or more. It starts with {@code catalyst.<org>.} naming the Organization
 * literally: {@code catalyst.acme.>} is the whole stream of {@code acme}, {@code catalyst.acme.*.application.>} every
 * application event of every Environment.
 */
public final class Subjects {

    /** The first token of every spine subject. */
    public static final String ROOT = "catalyst";
    /**
     * The third token of the audit log's subjects, {@code catalyst.<org>.audit.<action>}: no Environment may take
     * this name, and folds of Environment events skip these subjects.
     */
    public static final String AUDIT = "audit";
    /**
     * The third token of the catalog changes told to an Organization, {@code catalyst.<org>._catalog.<blueprint>.<type>}:
     * not a DNS-1123 label, so no Environment can have it as its name; the only such token a subject or filter may
     * hold.
     */
    public static final String CATALOG = "_catalog";
    /** The most tokens a subject or filter may have, {@code catalyst} included. */
    public static final int MAX_TOKENS = 16;
    /** The longest subject or filter, in characters. */
    public static final int MAX_LENGTH = 255;
    /** Fewest tokens of a subject: {@code catalyst.<org>.<env>.<kind>}. */
    private static final int MIN_SUBJECT_TOKENS = 4;
    /** Fewest tokens of a filter: {@code catalyst.<org>.<token or wildcard>}. */
    private static final int MIN_FILTER_TOKENS = 3;

    private static final String LABEL_RULE = "a DNS-1123 label (lowercase letters, digits and '-', starting and ending"
            + " with a letter or digit, at most 63 characters)";

    private Subjects() {}

    /**
     * Checks {@code subject} and returns its Organization.
     *
     * @throws IllegalArgumentException naming the subject and what is wrong with it
     */
    public static String requireSubject(String subject) {
        List<String> tokens = tokens("subject", subject);
        if (tokens.size() < MIN_SUBJECT_TOKENS) {
            throw invalid(
                    "subject",
                    subject,
                    "expected catalyst.<org>.<env>.<kind>[.<more>...], got " + tokens.size() + " token(s)");
        }
        for (int i = 1; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!Names.isLabel(token) && !(i == 2 && token.equals(CATALOG))) {
                throw invalid("subject", subject, "token " + (i + 1) + " '" + token + "' is not " + LABEL_RULE);
            }
        }
        return tokens.get(1);
    }

    /**
     * Checks that {@code filter} is a valid filter on the stream of {@code organization}.
     *
     * @throws IllegalArgumentException naming the filter and what is wrong with it
     */
    public static String requireFilter(String organization, String filter) {
        Names.requireOrganization(organization);
        List<String> tokens = tokens("filter", filter);
        if (tokens.size() < MIN_FILTER_TOKENS) {
            throw invalid("filter", filter, "expected catalyst." + organization + ".<token, * or >>[...]");
        }
        if (!tokens.get(1).equals(organization)) {
            throw invalid(
                    "filter",
                    filter,
                    "its second token must be the Organization '" + organization
                            + "' itself: a filter reads one Organization's stream");
        }
        for (int i = 2; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            if (token.equals(">") && !last) {
                throw invalid("filter", filter, "'>' may only be the last token");
            }
            if (!token.equals("*")
                    && !token.equals(">")
                    && !Names.isLabel(token)
                    && !(i == 2 && token.equals(CATALOG))) {
                throw invalid(
                        "filter",
                        filter,
                        "token " + (i + 1) + " '" + token + "' is neither '*', '>' nor " + LABEL_RULE);
            }
        }
        return filter;
    }

    /**
     * Whether {@code subject} is about the Organization as a whole (its audit log, or a catalog change told to it),
     * not about one of its Environments.
     */
    public static boolean isOrganizationWide(String subject) {
        int first = subject.indexOf('.');
        int second = first < 0 ? -1 : subject.indexOf('.', first + 1);
        return second > 0
                && (subject.startsWith(AUDIT + ".", second + 1) || subject.startsWith(CATALOG + ".", second + 1));
    }

    /** The filter of the catalog changes told to {@code organization}. */
    public static String catalog(String organization) {
        return ROOT + "." + Names.requireOrganization(organization) + "." + CATALOG + ".>";
    }

    /** The filter of {@code organization}'s audit log. */
    public static String audit(String organization) {
        return ROOT + "." + organization + "." + AUDIT + ".>";
    }

    /** The filter that selects every subject of {@code organization}: {@code catalyst.<org>.>}. */
    public static String all(String organization) {
        return ROOT + "." + Names.requireOrganization(organization) + ".>";
    }

    /** Whether {@code filter} (valid per {@link #requireFilter}) selects {@code subject} (valid per {@link #requireSubject}). */
    public static boolean matches(String filter, String subject) {
        String[] filterTokens = filter.split("\\.", -1);
        String[] subjectTokens = subject.split("\\.", -1);
        for (int i = 0; i < filterTokens.length; i++) {
            String token = filterTokens[i];
            if (token.equals(">")) {
                return subjectTokens.length > i;
            }
            if (i >= subjectTokens.length || !(token.equals("*") || token.equals(subjectTokens[i]))) {
                return false;
            }
        }
        return filterTokens.length == subjectTokens.length;
    }

    /**
     * A Java regular expression matching exactly the subjects {@code filter} selects, for stores that filter with one
     * (H2's {@code REGEXP_LIKE}). Filter tokens are labels or wildcards, so nothing needs quoting but the dots.
     */
    public static String toRegex(String filter) {
        StringBuilder regex = new StringBuilder("^");
        String[] tokens = filter.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                regex.append("\\.");
            }
            switch (tokens[i]) {
                case "*" -> regex.append("[^.]+");
                case ">" -> regex.append(".+");
                default -> regex.append(Pattern.quote(tokens[i]));
            }
        }
        return regex.append('$').toString();
    }

    private static List<String> tokens(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid(what, value, "longer than " + MAX_LENGTH + " characters");
        }
        List<String> tokens = List.of(value.split("\\.", -1));
        if (!tokens.getFirst().equals(ROOT)) {
            throw invalid(what, value, "it must start with '" + ROOT + ".'");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw invalid(what, value, "more than " + MAX_TOKENS + " tokens");
        }
        return tokens;
    }

    private static IllegalArgumentException invalid(String what, String value, String problem) {
        return new IllegalArgumentException("invalid " + what + " '" + value + "': " + problem);
    }
}
