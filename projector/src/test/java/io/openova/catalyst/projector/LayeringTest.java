package io.openova.catalyst.projector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The projector works on the spine's ports only, and stays free of framework types (the server wires it). */
class LayeringTest {

    private static final List<String> FORBIDDEN = List.of(
            "import io.openova.catalyst.spine.embedded.",
            "import io.openova.catalyst.spine.jetstream.",
            "import io.nats.",
            "import org.h2.",
            "import jakarta.",
            "import javax.inject.",
            "import io.quarkus.");

    @Test
    void shouldImportNoAdapterAndNoFrameworkInMainCode() throws IOException {
        // Given
        Path main = Path.of("src/main/java/io/openova/catalyst/projector");

        // When
        List<String> offending;
        try (Stream<Path> files = Files.walk(main)) {
            offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream()
                            .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
                            .map(line -> main.relativize(f) + ": " + line))
                    .toList();
        }

        // Then
        assertThat(main).isDirectory();
        assertThat(offending).isEmpty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
