package io.openova.catalyst.provisioning.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FluxNotificationsTest {
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "prod");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    static byte[] helmRelease(String name, String severity, String reason) {
        return """
                {"involvedObject":{"kind":"HelmRelease","namespace":"%s","name":"%s",
                  "apiVersion":"helm.toolkit.fluxcd.io/v2"},
                 "severity":"%s","timestamp":"2026-11-22T03:00:00Z","message":"Helm install done",
                 "reason":"%s","metadata":{"revision":"0.27.1"},"reportingController":"helm-controller"}
                """.formatted(name, name, severity, reason).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] kustomization(String name, String severity, String reason, String message) {
        return """
                {"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"%s"},
                 "severity":"%s","timestamp":"2026-11-22T03:00:00Z","message":%s,"reason":"%s",
                 "metadata":{"revision":"main@sha1:%s"},"reportingController":"kustomize-controller"}
                """.formatted(
                        name, severity, com.fasterxml.jackson.databind.node.TextNode.valueOf(message), reason, COMMIT)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportAHelmReleaseThatSucceededAsReadyAndOneThatFailedAsDegraded() throws Exception {
        // When
        List<ApplicationEvent> ready = FluxNotifications.events(ENV, helmRelease("db", "info", "InstallSucceeded"));
        List<ApplicationEvent> failed = FluxNotifications.events(ENV, helmRelease("db", "error", "InstallFailed"));
        List<ApplicationEvent> progressing = FluxNotifications.events(ENV, helmRelease("db", "info", "Progressing"));

        // Then
        assertThat(ready).singleElement().isInstanceOfSatisfying(ApplicationEvent.Ready.class, e -> {
            assertThat(e.application()).isEqualTo("db");
            assertThat(e.reason()).isEqualTo("InstallSucceeded");
            assertThat(e.meta().at()).isEqualTo(Instant.parse("2026-11-22T03:00:00Z"));
            assertThat(e.meta().commitId()).isEmpty();
            assertThat(e.meta().operationId()).startsWith("flux-");
        });
        assertThat(failed).singleElement().isInstanceOf(ApplicationEvent.Degraded.class);
        assertThat(progressing).singleElement().isInstanceOf(ApplicationEvent.Reconciling.class);
    }

    @Test
    void shouldReportEveryApplicationACatalystKustomizationNamesWithItsCommit() throws Exception {
        // Given
        byte[] body = kustomization(
                "catalyst-manifests",
                "error",
                "HealthCheckFailed",
                "Deployment/docs/docs configured\nService/docs/docs unchanged\nCluster/pg/pg created");

        // When
        List<ApplicationEvent> events = FluxNotifications.events(ENV, body);

        // Then
        assertThat(events)
                .extracting(ApplicationEvent::application, ApplicationEvent::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("docs", "degraded"),
                        org.assertj.core.groups.Tuple.tuple("pg", "degraded"));
        assertThat(events).allSatisfy(e -> assertThat(e.meta().commitId()).contains(COMMIT));
    }

    @Test
    void shouldIgnoreObjectsThatAreNotCatalystsAndGiveTheSameOperationToTheSameNotification() throws Exception {
        // Given
        byte[] other = kustomization("flux-system", "info", "ReconciliationSucceeded", "Namespace/x/x created");

        // Then
        assertThat(FluxNotifications.events(ENV, other)).isEmpty();
        byte[] body = helmRelease("db", "info", "UpgradeSucceeded");
        assertThat(FluxNotifications.events(ENV, body).getFirst().meta().operationId())
                .isEqualTo(FluxNotifications.events(ENV, body).getFirst().meta().operationId());
    }

    @Test
    void shouldNameTheFieldOfABodyThatIsNotAFluxEvent() {
        // When
        var notJson = catchThrowableOfType(
                FluxNotifications.InvalidNotificationException.class,
                () -> FluxNotifications.events(ENV, "{".getBytes(StandardCharsets.UTF_8)));
        var noKind = catchThrowableOfType(
                FluxNotifications.InvalidNotificationException.class,
                () -> FluxNotifications.events(ENV, "{\"involvedObject\":{}}".getBytes(StandardCharsets.UTF_8)));
        var badTime = catchThrowableOfType(
                FluxNotifications.InvalidNotificationException.class,
                () -> FluxNotifications.events(
                        ENV,
                        "{\"involvedObject\":{\"kind\":\"HelmRelease\",\"name\":\"db\"},\"severity\":\"info\",\"timestamp\":\"now\"}"
                                .getBytes(StandardCharsets.UTF_8)));

        // Then
        assertThat(notJson.field()).isEmpty();
        assertThat(noKind.field()).isEqualTo("/involvedObject/kind");
        assertThat(noKind).hasMessage("/involvedObject/kind: missing or not a string");
        assertThat(badTime.field()).isEqualTo("/timestamp");
    }
}
