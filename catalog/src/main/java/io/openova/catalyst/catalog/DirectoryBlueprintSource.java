package io.openova.catalyst.catalog;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of Blueprints: {@code <root>/<name>/blueprint.yaml} is the current version of each,
 * {@code <root>/<name>/versions/<version>/blueprint.yaml} its earlier versions. Files beside the folders are ignored.
 */
public final class DirectoryBlueprintSource implements BlueprintSource {
    public static final String FILE_NAME = "blueprint.yaml";
    /** The folder of a Blueprint that holds its earlier versions, one folder each named for the version. */
    public static final String VERSIONS = "versions";

    private final String name;
    private final Path root;

    public DirectoryBlueprintSource(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    @Override
    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    @Override
    public Listing list() throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw new FileSystemException(root.toString(), null, "not a folder");
        }
        List<SourceFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path folder : folders(root)) {
            String blueprint = folder.getFileName().toString();
            read(folder, blueprint, Optional.empty(), files, problems);
            Path versions = folder.resolve(VERSIONS);
            if (Files.isDirectory(versions)) {
                for (Path version : folders(versions)) {
                    read(version, blueprint, Optional.of(version.getFileName().toString()), files, problems);
                }
            }
        }
        return new Listing(files, problems);
    }

    /** The sub-folders of {@code parent} not starting with '.', sorted. */
    private static List<Path> folders(Path parent) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private void read(
            Path folder, String blueprint, Optional<String> version, List<SourceFile> files, List<Problem> problems)
            throws IOException {
        Path file = folder.resolve(FILE_NAME);
        String shown = display(file);
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(display(folder), 0, "", "folder has no " + FILE_NAME));
            return;
        }
        long size = Files.size(file);
        if (size > YamlReader.MAX_BYTES) {
            problems.add(new Problem(
                    shown, 0, "", "file is " + size + " bytes, more than the limit of " + YamlReader.MAX_BYTES));
            return;
        }
        files.add(new SourceFile(shown, blueprint, version, Files.readAllBytes(file)));
    }

    private String display(Path path) {
        return path.normalize().toString();
    }
}
