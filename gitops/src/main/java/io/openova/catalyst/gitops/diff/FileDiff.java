package io.openova.catalyst.gitops.diff;

/**
 * How one file differs between two trees.
 *
 * @param unified the change as a unified diff ({@code git diff} format, 3 lines of context); a note for binary files
 */
public record FileDiff(String path, Change change, String unified) {
    public enum Change {
        ADDED,
        MODIFIED,
        DELETED
    }
}
