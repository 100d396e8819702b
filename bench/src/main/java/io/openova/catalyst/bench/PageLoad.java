package io.openova.catalyst.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one navigation to the marketplace saw, from the browser's own clocks: every time is in milliseconds from the
 * start of the navigation ({@code performance.timeOrigin}), so the cost of driving the browser is not in it.
 *
 * @param firstRenderMs the first paint of the card grid: the earliest Element Timing {@code renderTime} of the cards'
 *     text ({@code elementtiming="marketplace-card"} in the console)
 * @param viewRenderedMs when the console put the view in the document (its {@code console-view-rendered} mark)
 * @param firstContentfulPaintMs the browser's first contentful paint (the console's "Loading…" text, usually)
 * @param interactiveMs time to interactive, as {@link #interactive} defines it
 * @param loadEventMs the end of the document's load event
 * @param transferBytes bytes over the wire (headers and bodies, as Resource Timing counts them): the document and
 *     every resource; a resource from the memory or disk cache counts 0
 * @param encodedBytes bodies as sent (before decompression), cached or not
 * @param requests the document and every resource the page fetched (from the network or a cache)
 * @param cards cards on the page
 */
record PageLoad(
        double firstRenderMs,
        double viewRenderedMs,
        double firstContentfulPaintMs,
        double interactiveMs,
        double loadEventMs,
        long transferBytes,
        long encodedBytes,
        int requests,
        int cards) {

    /** A main-thread task of 50 ms or more (Long Tasks API), in milliseconds from the start of the navigation. */
    record LongTask(double startMs, double durationMs) {
        double endMs() {
            return startMs + durationMs;
        }
    }

    /**
     * Time to interactive, simplified from Lighthouse's definition: from the moment the cards are painted and in the
     * document (the later of the two), each long task that starts less than {@code quietMs} after the current
     * candidate moves the candidate to its end; the result is the first moment followed by {@code quietMs} without a
     * long task. The search input is part of the same view, so it is in the document and enabled from that moment on.
     * Lighthouse also waits for the network to be quiet and takes a 5 s window; the marketplace fetches nothing after
     * its first page of cards, and a shorter window keeps a round short.
     */
    static double interactive(double readyMs, List<LongTask> longTasks, double quietMs) {
        double candidate = readyMs;
        for (LongTask task : longTasks.stream()
                .sorted(Comparator.comparingDouble(LongTask::startMs))
                .toList()) {
            if (task.startMs() >= candidate + quietMs) {
                break;
            }
            candidate = Math.max(candidate, task.endMs());
        }
        return candidate;
    }

    /**
     * The figures of what the page script measured (see MarketplacePageBenchmark.OBSERVE): numbers as JavaScript
     * gives them, {@code longTasks} a list of {@code [start, duration]}, {@code resources} a list of {@code {transfer,
     * encoded}} with the document first.
     */
    static PageLoad of(Map<String, Object> measured, double quietMs) {
        List<LongTask> longTasks = list(measured, "longTasks").stream()
                .map(task -> {
                    List<?> pair = (List<?>) task;
                    return new LongTask(number(pair.get(0)), number(pair.get(1)));
                })
                .toList();
        long transfer = 0;
        long encoded = 0;
        List<?> resources = list(measured, "resources");
        for (Object resource : resources) {
            Map<?, ?> sizes = (Map<?, ?>) resource;
            transfer += (long) number(sizes.get("transfer"));
            encoded += (long) number(sizes.get("encoded"));
        }
        double firstRender = number(measured.get("cardPainted"));
        double viewRendered = number(measured.get("viewRendered"));
        return new PageLoad(
                firstRender,
                viewRendered,
                number(measured.get("firstContentfulPaint")),
                interactive(Math.max(firstRender, viewRendered), longTasks, quietMs),
                number(measured.get("load")),
                transfer,
                encoded,
                resources.size(),
                (int) number(measured.get("cards")));
    }

    private static List<?> list(Map<String, Object> measured, String key) {
        if (!(measured.get(key) instanceof List<?> list)) {
            throw new IllegalStateException("the page measured no " + key + ": " + measured.keySet());
        }
        return list;
    }

    private static double number(Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("the page measured " + value + " where a number was expected");
        }
        return number.doubleValue();
    }
}
