package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void shouldOrderBySemVerPrecedenceWhenVersionsHavePreReleases() {
        // Given: the example of the SemVer 2.0 specification, shuffled, and numbers that sort wrong as text
        List<String> versions = new ArrayList<>(List.of(
                "1.0.0",
                "1.0.0-rc.1",
                "1.0.0-beta.11",
                "1.0.0-alpha.1",
                "1.0.0-beta",
                "1.0.0-alpha",
                "1.0.0-alpha.beta",
                "1.0.0-beta.2",
                "10.0.0",
                "2.0.0",
                "1.10.0",
                "1.9.0"));
        Collections.shuffle(versions, new java.util.Random(7));

        // When
        versions.sort(Versions.ORDER);

        // Then
        assertThat(versions)
                .containsExactly(
                        "1.0.0-alpha",
                        "1.0.0-alpha.1",
                        "1.0.0-alpha.beta",
                        "1.0.0-beta",
                        "1.0.0-beta.2",
                        "1.0.0-beta.11",
                        "1.0.0-rc.1",
                        "1.0.0",
                        "1.9.0",
                        "1.10.0",
                        "2.0.0",
                        "10.0.0");
    }

    @Test
    void shouldCompareEqualWhenVersionsAreTheSame() {
        // When
        int compared = Versions.compare("1.2.3-rc.1", "1.2.3-rc.1");

        // Then
        assertThat(compared).isZero();
    }
}
