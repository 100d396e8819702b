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
        "catalyst.acme.dev.application.created.>, catalyst.acme.dev.application.created, false",
        "catalyst.acme._catalog.>, catalyst.acme._catalog.valkey.updated, true",
        "catalyst.acme._catalog.>, catalyst.acme.dev.app.db.ready, false",
        "catalyst.acme.*.app.>, catalyst.acme._catalog.valkey.updated, false"
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
                "catalyst.acme-corp.dev-2.application.db.ready",
                "catalyst.acme._catalog.valkey.updated"
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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "catalyst._catalog.dev.created",
                "catalyst.acme.dev._catalog.created",
                "catalyst.acme._audit.x.created",
                "catalyst.acme._catalog._catalog.updated"
            })
    void shouldRejectTheCatalogTokenAnywhereButThirdAndOtherUnderscores(String subject) {
        // When
        Throwable thrown = catchThrowable(() -> Subjects.requireSubject(subject));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a DNS-1123 label");
    }

    @ParameterizedTest
    @CsvSource({
        "catalyst.acme.audit.install, true",
        "catalyst.acme._catalog.valkey.added, true",
        "catalyst.acme.dev.app.db.committed, false",
        "catalyst.acme.auditors.env.created, false"
    })
    void shouldTellOrganizationWideSubjectsFromEnvironmentOnes(String subject, boolean expected) {
        // When
        boolean organizationWide = Subjects.isOrganizationWide(subject);

        // Then
        assertThat(organizationWide).isEqualTo(expected);
    }
}
