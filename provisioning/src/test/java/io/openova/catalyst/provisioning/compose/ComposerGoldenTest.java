package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden scenario composes to exactly the files of its {@code out/} folder, byte for byte. Run with
 * {@code -Dgolden.update=true} to rewrite the {@code out/} folders from the code, then review the diff.
 */
class ComposerGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicNode> shouldComposeEveryScenarioToItsGoldenTree() {
        return Scenarios.all().stream().map(scenario -> {
            SortedMap<String, byte[]> composed = scenario.compose();
            if (UPDATE) {
                rewrite(scenario.out(), composed);
            }
            SortedMap<String, byte[]> expected = read(scenario.out());
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest(
                    "same files", () -> assertThat(composed.keySet()).containsExactlyElementsOf(expected.keySet())));
            for (Map.Entry<String, byte[]> file : composed.entrySet()) {
                tests.add(DynamicTest.dynamicTest(file.getKey(), () -> {
                    byte[] golden = expected.get(file.getKey());
                    assertThat(golden).as("golden file out/%s", file.getKey()).isNotNull();
                    assertThat(text(file.getValue())).isEqualTo(text(golden));
                    assertThat(file.getValue()).isEqualTo(golden);
                }));
            }
            return DynamicContainer.dynamicContainer(scenario.name(), tests);
        });
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SortedMap<String, byte[]> read(Path root) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void rewrite(Path root, SortedMap<String, byte[]> tree) {
        try {
            if (Files.exists(root)) {
                try (Stream<Path> old = Files.walk(root)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (Map.Entry<String, byte[]> file : tree.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
