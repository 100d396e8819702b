package io.openova.catalyst.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Command-line options of the benchmarks: {@code --name value} pairs, checked and bounded. */
final class Options {
    private Options() {}

    /** A benchmark's run, given its parsed settings and the clock that dates its row. */
    @FunctionalInterface
    interface Benchmark<S> {
        void run(S settings, Clock clock) throws Exception;
    }

    /**
     * The {@code main} of every benchmark: options that do not parse end the process with their one-line message and
     * status 2; a run that fails with an {@link IllegalStateException} (or an exception of one of the
     * {@code failures} types) with
     * {@code FAILED: <message>} and status 1. Anything else propagates with its stack trace, as a bug should.
     */
    static <S> void main(String[] args, Function<String[], S> parse, Benchmark<S> benchmark) throws Exception {
        main(args, parse, benchmark, List.of());
    }

    static <S> void main(
            String[] args,
            Function<String[], S> parse,
            Benchmark<S> benchmark,
            List<Class<? extends RuntimeException>> failures)
            throws Exception {
        S settings;
        try {
            settings = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            benchmark.run(settings, Clock.systemDefaultZone());
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalStateException) && failures.stream().noneMatch(type -> type.isInstance(e))) {
                throw e;
            }
            System.err.println("bench: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The options given, over the defaults. Every name must be a default's or a required one; every required one must be
     * given.
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, Set<String> required) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!required.contains(args[i]) && !defaults.containsKey(args[i])) {
                throw new IllegalArgumentException(
                        "unknown option " + args[i] + "; expected one of " + required + " or " + defaults.keySet());
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        for (String option : required) {
            if (!options.containsKey(option)) {
                throw new IllegalArgumentException(option + " is required");
            }
        }
        return options;
    }

    /** The URL without a trailing '/'; load only ever goes to this machine, so anything off loopback is refused. */
    static URI loopback(String option, String url) {
        return loopback(option, url, "http");
    }

    /** As {@link #loopback(String, String)}, for a URL of {@code scheme} ({@code nats}, for example). */
    static URI loopback(String option, String url, String scheme) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (scheme.equals(uri.getScheme())
                    && uri.getHost() != null
                    && InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                return uri;
            }
        } catch (IllegalArgumentException | UnknownHostException e) {
            // not a URL, or no such host: refused below
        }
        throw new IllegalArgumentException(option + " must be " + scheme + ":// on a loopback address, got " + url);
    }

    /** A whole number from {@code min} to {@code max}. */
    static int bounded(String option, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(
                option + " must be a whole number from " + min + " to " + max + ", got " + value);
    }
}
