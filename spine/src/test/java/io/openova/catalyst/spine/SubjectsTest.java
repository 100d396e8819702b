package io.openova.catalyst.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {

    @ParameterizedTest
    @CsvSource({
        "catalyst.acme.>, catalyst.acme.dev.application.created, true",
        "catalyst.acme.>, catalyst.acme.dev.application.db.ready, true",
        "catalyst.acme.dev.>, catalyst.acme.prod.application.created, false",
        "catalyst.acme.*.application.created, catalyst.acme.prod.application.created, true",
        "catalyst.acme.*.application.created, catalyst.acme.prod.billing.created, false",
        "catalyst.acme.dev.application.*, catalyst.acme.dev.application.created, true",
        "catalyst.acme.dev.application.*, catalyst.acme.dev.application.db.ready, false",
        "catalyst.acme.dev.application, catalyst.acme.dev.application.created, false",
        "catalyst.acme.dev.application.created, catalyst.acme.dev.application.created, true",
        "catalyst.acme.dev.application.created.>, catalyst.acme.dev.application.created, false"
    })
    void shouldMatchTheWayNatsDoesWhetherByTokensOrByRegex(String filter, String subject, boolean expected) {
        // Given
        Subjects.requireFilter("acme", filter);
        Subjects.requireSubject(subject);

        // When
        boolean byTokens = Subjects.matches(filter, subject);
        boolean byRegex = Pattern.matches(Subjects.toRegex(filter), subject);

        // Then
        assertThat(byTokens).isEqualTo(expected);
        assertThat(byRegex).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "catalyst.acme.dev.application.created",
                "catalyst.a.b.c",
                "catalyst.acme-corp.dev-2.application.db.ready"
            })
    void shouldAcceptAWellFormedSubjectAndReturnItsOrganization(String subject) {
        // When
        String organization = Subjects.requireSubject(subject);

        // Then
        assertThat(subject).startsWith("catalyst." + organization + ".");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "catalyst.acme.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o",
                "catalyst.acme.dev.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void shouldRejectASubjectWithTooManyTokensOrATooLongToken(String subject) {
        // When
        Throwable thrown = catchThrowable(() -> Subjects.requireSubject(subject));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid subject '");
    }
}
