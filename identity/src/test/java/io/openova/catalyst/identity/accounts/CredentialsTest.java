package io.openova.catalyst.identity.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bob",
                "alice.smith",
                "ci_bot-2",
                "a23456789012345678901234567890123456789012345678901234567890abcd"
            })
    void shouldAcceptUsernameWhenItFollowsTheRules(String username) {
        // When
        String accepted = Credentials.requireUsername(username);

        // Then
        assertThat(accepted).isEqualTo(username);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ab",
                "Alice",
                "alice smith",
                "alice@example.com",
                "a23456789012345678901234567890123456789012345678901234567890abcde"
            })
    void shouldRejectUsernameNamingTheFieldWhenItBreaksTheRules(String username) {
        // When
        Throwable thrown = catchThrowable(() -> Credentials.requireUsername(username));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username: must be 3 to 64 characters of a-z, 0-9, '.', '_' and '-'");
    }

    @ParameterizedTest
    @CsvSource({
        "short-pw-11, 'password: must be at least 12 characters, got 11'",
        "my-alice-password, 'password: must not contain the username'",
        "my-ALICE-password, 'password: must not contain the username'"
    })
    void shouldRejectPasswordNamingTheFieldButNotThePasswordWhenItBreaksThePolicy(String password, String message) {
        // When
        Throwable thrown = catchThrowable(() -> Credentials.requirePassword("password", password, "alice"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message)
                .hasMessageNotContaining(password);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 256})
    void shouldAcceptPasswordWhenItsLengthIsWithinTheBounds(int length) {
        // Given
        String password = "x".repeat(length);

        // When
        String accepted = Credentials.requirePassword("password", password, "alice");

        // Then
        assertThat(accepted).isEqualTo(password);
    }

    @ParameterizedTest
    @ValueSource(ints = {257, 10_000})
    void shouldRejectPasswordWhenItIsLongerThan256Characters(int length) {
        // When
        Throwable thrown =
                catchThrowable(() -> Credentials.requirePassword("newPassword", "x".repeat(length), "alice"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newPassword: must be at most 256 characters, got " + length);
    }
}
