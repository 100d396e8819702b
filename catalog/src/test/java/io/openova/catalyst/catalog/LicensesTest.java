package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicensesTest {

    @Test
    void shouldParseSimpleOsiApprovedId() throws Exception {
        // Given
        String text = "MIT";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.text()).isEqualTo("MIT");
        assertThat(expression.licenseIds()).containsExactly("MIT");
        assertThat(expression.openSource()).isTrue();
    }

    @Test
    void shouldParseOrAndWithAndParentheses() throws Exception {
        // Given
        String text = "(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.licenseIds()).containsExactly("MIT", "Apache-2.0", "GPL-2.0-only");
        assertThat(expression.openSource()).isTrue();
    }

    @Test
    void shouldBindAndTighterThanOr() throws Exception {
        // Given: BUSL-1.1 AND SSPL-1.0 is one choice, MIT the other
        String text = "BUSL-1.1 AND SSPL-1.0 OR MIT";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.openSource()).isTrue();
    }

    @Test
    void shouldHonourParenthesesOverPrecedence() throws Exception {
        // Given
        String text = "BUSL-1.1 AND (SSPL-1.0 OR MIT)";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.openSource()).isFalse();
    }

    @Test
    void shouldAcceptOrLaterSuffix() throws Exception {
        // Given
        String text = "LGPL-2.1+";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.licenseIds()).containsExactly("LGPL-2.1");
        assertThat(expression.openSource()).isTrue();
    }

    @Test
    void shouldRejectUnknownIdAndSuggestTheRightCase() {
        // Given
        String text = "apache-2.0";

        // When / Then
        assertThatThrownBy(() -> Licenses.parse(text))
                .isInstanceOf(Licenses.InvalidLicenseException.class)
                .hasMessage("'apache-2.0' is not an SPDX license id; did you mean 'Apache-2.0'?");
    }

    @Test
    void shouldSuggestOnlyVariantForBareGplVersion() {
        // Given: GPL-3 is neither an id nor a case variant, but GPL-3.0 is one with ".0" added
        String text = "GPL-3";

        // When / Then
        assertThatThrownBy(() -> Licenses.parse(text))
                .isInstanceOf(Licenses.InvalidLicenseException.class)
                .hasMessageStartingWith("'GPL-3' is not an SPDX license id; did you mean 'GPL-3.0");
    }

    @Test
    void shouldRejectUnknownIdWithoutSuggestionWhenNothingIsClose() {
        // Given
        String text = "MIT OR Sovereign-1.0";

        // When / Then
        assertThatThrownBy(() -> Licenses.parse(text))
                .isInstanceOf(Licenses.InvalidLicenseException.class)
                .hasMessage("'Sovereign-1.0' is not an SPDX license id");
    }

    @Test
    void shouldTreatBusinessSourceLicenseAsNotOpen() throws Exception {
        // Given
        String text = "BUSL-1.1";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(Licenses.isKnown("BUSL-1.1")).isTrue();
        assertThat(expression.openSource()).isFalse();
    }

    @Test
    void shouldTreatChoiceWithAnOpenLicenseAsOpen() throws Exception {
        // Given
        String text = "MIT OR BUSL-1.1";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.openSource()).isTrue();
        assertThat(expression.licenseIds()).containsExactly("MIT", "BUSL-1.1");
    }

    @Test
    void shouldTreatConjunctionWithANonOpenLicenseAsNotOpen() throws Exception {
        // Given
        String text = "MIT AND BUSL-1.1";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.openSource()).isFalse();
    }

    @Test
    void shouldAcceptLicenseRefButNotCountItAsOpen() throws Exception {
        // Given
        String text = "LicenseRef-Acme-Proprietary";

        // When
        Licenses.Expression expression = Licenses.parse(text);

        // Then
        assertThat(expression.licenseIds()).containsExactly("LicenseRef-Acme-Proprietary");
        assertThat(expression.openSource()).isFalse();
        assertThat(Licenses.isKnown("LicenseRef-Acme-Proprietary")).isFalse();
    }

    @Test
    void shouldKnowIdsCaseSensitively() {
        // Given
        String lower = "mit";

        // When
        boolean known = Licenses.isKnown(lower);

        // Then
        assertThat(known).isFalse();
        assertThat(Licenses.isKnown("MIT")).isTrue();
    }

    @Test
    void shouldRejectUnknownException() {
        // Given
        String text = "GPL-2.0-only WITH Linking-exception-9";

        // When / Then
        assertThatThrownBy(() -> Licenses.parse(text))
                .isInstanceOf(Licenses.InvalidLicenseException.class)
                .hasMessage("'Linking-exception-9' is not an SPDX license exception id");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"              | license expression is empty",
                "\"   \"           | license expression is empty",
                "MIT OR            | license expression 'MIT OR' ends too early",
                "(MIT              | license expression '(MIT' ends too early",
                "(MIT Apache-2.0   | missing ')' in license expression '(MIT Apache-2.0'",
                "MIT)              | unexpected ')' in license expression 'MIT)'",
                "MIT Apache-2.0    | unexpected 'Apache-2.0' in license expression 'MIT Apache-2.0'",
                "OR MIT            | unexpected 'OR' in license expression 'OR MIT'",
                "MIT AND AND MIT   | unexpected 'AND' in license expression 'MIT AND AND MIT'",
                "MIT/Apache-2.0    | cannot read license expression 'MIT/Apache-2.0' at '/Apache-2.0'",
                "MIT WITH          | license expression 'MIT WITH' ends too early",
            })
    void shouldRejectMalformedExpression(String text, String message) {
        // Given: text

        // When / Then
        assertThatThrownBy(() -> Licenses.parse(text))
                .isInstanceOf(Licenses.InvalidLicenseException.class)
                .hasMessage(message);
    }
}
