package io.openova.catalyst.identity.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private static final HashParameters CHEAP = new HashParameters(64, 1, 1);
    private static final String PASSWORD = "correct horse battery staple";

    private final PasswordHasher hasher = new PasswordHasher(CHEAP, new SecureRandom());

    /** Vectors of the Argon2 reference implementation's test suite: they prove we read and compute PHC strings alike. */
    @ParameterizedTest
    @CsvSource({
        "'$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'",
        "'$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'",
        "'$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'"
    })
    void shouldVerifyTheReferenceHashWhenPasswordIsRight(String reference) {
        // When
        boolean verified = hasher.verify("password", reference);

        // Then
        assertThat(verified).isTrue();
    }

    @Test
    void shouldRefuseTheReferenceHashWhenPasswordIsWrong() {
        // Given
        String reference = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

        // When
        boolean verified = hasher.verify("passwore", reference);

        // Then
        assertThat(verified).isFalse();
    }

    @Test
    void shouldWriteAPhcStringWithOwaspParametersWhenHashingWithTheDefaults() {
        // Given
        PasswordHasher owasp = new PasswordHasher(HashParameters.OWASP, new SecureRandom());

        // When
        String encoded = owasp.hash(PASSWORD);

        // Then
        assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = encoded.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
        assertThat(owasp.verify(PASSWORD, encoded)).isTrue();
    }

    @Test
    void shouldUseAFreshSaltWhenHashingTheSamePasswordTwice() {
        // When
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        // Then
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify(PASSWORD, first)).isTrue();
        assertThat(hasher.verify(PASSWORD, second)).isTrue();
    }

    @Test
    void shouldRefuseWhenPasswordIsWrong() {
        // Given
        String encoded = hasher.hash(PASSWORD);

        // When
        boolean verified = hasher.verify("correct horse battery stapler", encoded);

        // Then
        assertThat(verified).isFalse();
    }

    @Test
    void shouldMatchWhenTheSamePasswordIsTypedInAnotherUnicodeForm() {
        // Given
        String composed = "caf\u00e9-au-lait-42";
        String decomposed = "cafe\u0301-au-lait-42";
        String encoded = hasher.hash(composed);

        // When
        boolean verified = hasher.verify(decomposed, encoded);

        // Then
        assertThat(verified).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain text",
                "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2,p=0$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2,p=1$c2FsdA$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$c2hvcnQ"
            })
    void shouldRefuseWithoutFailingWhenStoredHashIsUnreadable(String encoded) {
        // When
        boolean verified = hasher.verify("password", encoded);

        // Then
        assertThat(verified).isFalse();
        assertThat(hasher.needsRehash(encoded)).isTrue();
    }

    @Test
    void shouldAskForRehashWhenStoredParametersAreWeaker() {
        // Given
        String weak = hasher.hash(PASSWORD);
        PasswordHasher stronger = new PasswordHasher(new HashParameters(128, 2, 1), new SecureRandom());

        // When
        boolean needsRehash = stronger.needsRehash(weak);

        // Then
        assertThat(needsRehash).isTrue();
        assertThat(stronger.needsRehash(stronger.hash(PASSWORD))).isFalse();
        assertThat(hasher.needsRehash(stronger.hash(PASSWORD))).isFalse();
    }
}
