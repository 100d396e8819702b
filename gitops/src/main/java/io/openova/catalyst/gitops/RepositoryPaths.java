package io.openova.catalyst.gitops;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/** Validation of the paths of a tree: see {@link EnvironmentRepositories}. */
public final class RepositoryPaths {
    private RepositoryPaths() {}

    /** {@code files} itself, or an {@link IllegalArgumentException} naming the first invalid path. */
    public static SortedMap<String, byte[]> requireValid(SortedMap<String, byte[]> files) {
        Objects.requireNonNull(files, "files");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            Optional<String> problem = problem(path);
            if (problem.isEmpty() && file.getValue() == null) {
                problem = Optional.of("has no content");
            }
            if (problem.isEmpty()) {
                problem = directoryConflict(path, files);
            }
            problem.ifPresent(p -> {
                throw new IllegalArgumentException("invalid path '" + printable(path) + "': " + p);
            });
        }
        return files;
    }

    /** Why {@code path} is not a valid file path, or empty when it is one. */
    static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return Optional.of("must not contain NUL or '\\'");
        }
        if (path.startsWith("/")) {
            return Optional.of("must be relative");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("must not have empty segments");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not have '.' or '..' segments");
            }
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                return Optional.of("must not have a '.git' segment");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> directoryConflict(String path, SortedMap<String, byte[]> files) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String directory = path.substring(0, slash);
            if (files.containsKey(directory)) {
                return Optional.of("'" + printable(directory) + "' is a file, so it cannot be a directory");
            }
        }
        return Optional.empty();
    }

    private static String printable(String path) {
        StringBuilder out = new StringBuilder();
        path.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
