package io.openova.catalyst.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitMessageTest {
    private static CommitMessage message(String subject, String body, Map<String, String> trailers) {
        return new CommitMessage(subject, body, new TreeMap<>(trailers), "Jane Doe", "jane@example.com");
    }

    @Test
    void shouldFormatSubjectBodyAndSortedTrailersWhenAllAreGiven() {
        // Given
        CommitMessage message = message(
                "Install cnpg as db", "Blueprint cnpg 1.0.0.\n", Map.of("Request-Id", "r-1", "Operation", "install"));

        // When
        String formatted = message.format();

        // Then
        assertThat(formatted)
                .isEqualTo("Install cnpg as db\n\nBlueprint cnpg 1.0.0.\n\nOperation: install\nRequest-Id: r-1\n");
    }

    @Test
    void shouldOmitTheBodyWhenItIsEmpty() {
        // Given
        CommitMessage message = message("Uninstall db", "  \n", Map.of("Request-Id", "r-2"));

        // When
        String formatted = message.format();

        // Then
        assertThat(formatted).isEqualTo("Uninstall db\n\nRequest-Id: r-2\n");
    }

    @Test
    void shouldBeTheSubjectAloneWhenThereIsNoBodyNorTrailer() {
        // Given
        CommitMessage message = new CommitMessage("Create environment", "Jane Doe", "jane@example.com");

        // When
        String formatted = message.format();

        // Then
        assertThat(formatted).isEqualTo("Create environment\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "two\nlines", " padded", "tab\there"})
    void shouldRejectSubjectWhenItIsNotOneCleanLine(String subject) {
        // When
        Throwable thrown = catchThrowable(() -> message(subject, "", Map.of()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("subject ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Request Id", "Request:Id", "-x", "", "Ré"})
    void shouldRejectTrailerWhenKeyIsNotAToken(String key) {
        // When
        Throwable thrown = catchThrowable(() -> message("s", "", Map.of(key, "v")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailer key");
    }

    @Test
    void shouldRejectTrailerWhenValueSpansLines() {
        // When
        Throwable thrown = catchThrowable(() -> message("s", "", Map.of("Request-Id", "a\nForged: b")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trailer Request-Id");
    }
}
