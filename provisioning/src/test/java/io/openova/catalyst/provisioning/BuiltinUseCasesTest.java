package io.openova.catalyst.provisioning;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the use-case tests on the built-in catalog: a fresh {@link UseCases} in a temporary folder for each
 * test, opened before the test's own {@code @BeforeEach} and closed after its {@code @AfterEach}.
 */
abstract class BuiltinUseCasesTest {
    @TempDir
    Path root;

    UseCases useCases;

    @BeforeEach
    final void openUseCases() {
        useCases = UseCases.builtin(root);
    }

    @AfterEach
    final void closeUseCases() {
        useCases.close();
    }
}
