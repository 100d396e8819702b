package io.openova.catalyst.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Blueprints come from: a folder now, Git repositories with the blueprint-controller. A source lists one
 * file per Blueprint; it does not judge them.
 */
public interface BlueprintSource {
    /** A short name for messages and provenance, e.g. {@code builtin}. */
    String name();

    /** The Blueprint files, and the problems of entries that are not Blueprint folders at all. */
    Listing list() throws IOException;

    /**
     * One Blueprint file: the path shown to users, the folder name (the Blueprint's name), the name of its version
     * folder for an earlier version ({@code <name>/versions/<version>/blueprint.yaml}; empty for the current version
     * in {@code <name>/blueprint.yaml}), its bytes.
     */
    record SourceFile(String file, String folder, Optional<String> version, byte[] content) {
        public SourceFile {
            Objects.requireNonNull(version, "version");
        }

        /** The current version of a Blueprint. */
        public SourceFile(String file, String folder, byte[] content) {
            this(file, folder, Optional.empty(), content);
        }
    }

    record Listing(List<SourceFile> files, List<Problem> problems) {
        public Listing {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }
}
