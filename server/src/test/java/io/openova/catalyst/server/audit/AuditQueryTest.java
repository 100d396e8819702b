package io.openova.catalyst.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditQueryTest {

    @Test
    void shouldTakeTheDefaultsWhenNoParameterIsGiven() {
        // When
        AuditQuery query =
                AuditQuery.parse(new AuditQuery.Parameters(null, null, null, null, null, " ", "", null, null));

        // Then
        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.cursor()).isEmpty();
        assertThat(query.environment()).isEmpty();
        assertThat(query.organization()).isEmpty();
    }

    @Test
    void shouldNameEveryInvalidParameterInOneAnswerWhenSeveralAreInvalid() {
        // When
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> AuditQuery.parse(new AuditQuery.Parameters(
                        "501", "42", null, "install", "ok", "Prod", "ACME", "yesterday", "2026-13-01T00:00:00Z")));

        // Then
        assertThat(refused.status()).isEqualTo(400);
        ApiProblem problem = refused.toProblem("/api/v1/audit");
        assertThat(problem.errors())
                .extracting(ApiProblem.FieldError::parameter)
                .containsExactly(
                        "limit", "cursor", "action", "result", "environment", "organization", "since", "until");
        assertThat(problem.errors().get(3).detail()).contains("failed, refused, success", "'ok'");
    }

    @Test
    void shouldRefuseATimeRangeThatEndsBeforeItStarts() {
        // When
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> AuditQuery.parse(new AuditQuery.Parameters(
                        null, null, null, null, null, null, null, "2026-11-22T10:00:00Z", "2026-11-22T09:00:00Z")));

        // Then
        assertThat(refused.toProblem("/").errors())
                .extracting(ApiProblem.FieldError::parameter)
                .containsExactly("until");
    }

    @Test
    void shouldReadBackTheCursorItWritesWhenGivenAgain() {
        // Given
        AuditQuery.Cursor cursor = new AuditQuery.Cursor(Instant.parse("2026-11-22T10:00:00.123456789Z"), "acme", 42);

        // When
        AuditQuery query = AuditQuery.parse(
                new AuditQuery.Parameters(null, cursor.toString(), null, null, null, null, null, null, null));

        // Then
        assertThat(query.cursor()).contains(cursor);
        assertThat(cursor.toString()).isEqualTo("1795341600.123456789~acme~42");
    }

    @Test
    void shouldFilterAnActionBySubjectWhenAnActionIsGiven() {
        // When
        AuditQuery query = AuditQuery.parse(
                new AuditQuery.Parameters(null, null, null, "application.install", null, null, null, null, null));

        // Then
        assertThat(query.subjects("acme")).isEqualTo("catalyst.acme.audit.application-install");
    }
}
