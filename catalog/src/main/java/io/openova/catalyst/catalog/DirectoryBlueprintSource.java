package io.openova.catalyst.catalog;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A folder of Blueprints: {@code <root>/<name>/blueprint.yaml}. Files beside the folders are ignored. */
public final class DirectoryBlueprintSource implements BlueprintSource {
    public static final String FILE_NAME = "blueprint.yaml";

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
        List<Path> folders;
        try (Stream<Path> entries = Files.list(root)) {
            folders = entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        List<SourceFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path folder : folders) {
            Path file = folder.resolve(FILE_NAME);
            String shown = display(file);
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(display(folder), 0, "", "folder has no " + FILE_NAME));
                continue;
            }
            long size = Files.size(file);
            if (size > YamlReader.MAX_BYTES) {
                problems.add(new Problem(
                        shown, 0, "", "file is " + size + " bytes, more than the limit of " + YamlReader.MAX_BYTES));
                continue;
            }
            files.add(new SourceFile(shown, folder.getFileName().toString(), Files.readAllBytes(file)));
        }
        return new Listing(files, problems);
    }

    private String display(Path path) {
        return path.normalize().toString();
    }
}
