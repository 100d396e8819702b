package io.openova.catalyst.gitops.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** The file-by-file difference between two trees (path → bytes), as {@code git diff} would print it. */
public final class TreeDiff {
    private static final DiffAlgorithm ALGORITHM = new HistogramDiff();

    private TreeDiff() {}

    /** Files added, modified or deleted going from {@code before} to {@code after}, by path. */
    public static List<FileDiff> between(SortedMap<String, byte[]> before, SortedMap<String, byte[]> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<FileDiff> out = new ArrayList<>();
        for (String path : paths) {
            byte[] a = before.get(path);
            byte[] b = after.get(path);
            if (a != null && b != null && Arrays.equals(a, b)) {
                continue;
            }
            FileDiff.Change change =
                    a == null ? FileDiff.Change.ADDED : b == null ? FileDiff.Change.DELETED : FileDiff.Change.MODIFIED;
            out.add(new FileDiff(path, change, unified(path, change, a, b)));
        }
        return out;
    }

    private static String unified(String path, FileDiff.Change change, byte[] a, byte[] b) {
        byte[] left = a == null ? new byte[0] : a;
        byte[] right = b == null ? new byte[0] : b;
        String header = "--- " + (change == FileDiff.Change.ADDED ? "/dev/null" : "a/" + path) + "\n+++ "
                + (change == FileDiff.Change.DELETED ? "/dev/null" : "b/" + path) + "\n";
        if (RawText.isBinary(left) || RawText.isBinary(right)) {
            return header + "Binary files differ\n";
        }
        RawText x = new RawText(left);
        RawText y = new RawText(right);
        EditList edits = ALGORITHM.diff(RawTextComparator.DEFAULT, x, y);
        ByteArrayOutputStream hunks = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(hunks)) {
            formatter.setContext(3);
            formatter.format(edits, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return header + hunks.toString(StandardCharsets.UTF_8);
    }
}
