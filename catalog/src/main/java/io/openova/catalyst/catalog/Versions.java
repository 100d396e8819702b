package io.openova.catalyst.catalog;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * SemVer 2.0 precedence of Blueprint versions ({@code MAJOR.MINOR.PATCH} with an optional {@code -prerelease}): the
 * numbers compare numerically; a pre-release is lower than its release; pre-release identifiers compare one by one,
 * numeric ones numerically and below alphanumeric ones, which compare in ASCII order, and a longer list of otherwise
 * equal identifiers is higher. {@code 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-rc.1 < 1.0.0}.
 */
public final class Versions {
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    /** Lowest first; {@code ORDER.reversed()} lists newest first. */
    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {}

    /** Negative when {@code a} is lower than {@code b}, zero when they have the same precedence, positive otherwise. */
    public static int compare(String a, String b) {
        String[] left = split(a);
        String[] right = split(b);
        String[] leftCore = left[0].split("\\.", -1);
        String[] rightCore = right[0].split("\\.", -1);
        for (int i = 0; i < Math.max(leftCore.length, rightCore.length); i++) {
            int c = compareNumbers(i < leftCore.length ? leftCore[i] : "0", i < rightCore.length ? rightCore[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        if (left[1] == null || right[1] == null) {
            return left[1] == null ? (right[1] == null ? 0 : 1) : -1;
        }
        String[] leftIds = left[1].split("\\.", -1);
        String[] rightIds = right[1].split("\\.", -1);
        for (int i = 0; i < Math.min(leftIds.length, rightIds.length); i++) {
            int c = compareIdentifiers(leftIds[i], rightIds[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(leftIds.length, rightIds.length);
    }

    /** The release and the pre-release (null when none); build metadata, which has no precedence, is dropped. */
    private static String[] split(String version) {
        String v = version;
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        int dash = v.indexOf('-');
        return dash < 0 ? new String[] {v, null} : new String[] {v.substring(0, dash), v.substring(dash + 1)};
    }

    private static int compareIdentifiers(String a, String b) {
        boolean numericA = NUMERIC.matcher(a).matches();
        boolean numericB = NUMERIC.matcher(b).matches();
        if (numericA && numericB) {
            return compareNumbers(a, b);
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    /** Digit strings of any length, compared as numbers. */
    private static int compareNumbers(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
