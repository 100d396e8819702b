package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.openova.catalyst.bench.PageLoad.LongTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageLoadTest {

    @Test
    void shouldBeInteractiveWhenReadyWithoutLongTasks() {
        // Given
        List<LongTask> none = List.of();

        // When
        double interactive = PageLoad.interactive(300, none, 500);

        // Then
        assertThat(interactive).isEqualTo(300);
    }

    @Test
    void shouldIgnoreLongTasksThatEndedBeforeReady() {
        // Given: the module graph evaluated in a long task before the cards were painted
        List<LongTask> tasks = List.of(new LongTask(100, 80));

        // When
        double interactive = PageLoad.interactive(300, tasks, 500);

        // Then
        assertThat(interactive).isEqualTo(300);
    }

    @Test
    void shouldWaitForTheEndOfLongTasksWithinTheQuietWindowInAnyOrder() {
        // Given: one task spans the moment of ready, the next starts 400 ms after its end
        List<LongTask> tasks = List.of(new LongTask(850, 60), new LongTask(280, 170));

        // When
        double interactive = PageLoad.interactive(300, tasks, 500);

        // Then: 280 + 170 = 450, then 850 < 450 + 500, so 850 + 60
        assertThat(interactive).isEqualTo(910);
    }

    @Test
    void shouldStopAtTheFirstQuietWindow() {
        // Given: a task 600 ms after ready, outside a 500 ms window
        List<LongTask> tasks = List.of(new LongTask(900, 200));

        // When
        double interactive = PageLoad.interactive(300, tasks, 500);

        // Then
        assertThat(interactive).isEqualTo(300);
    }

    @Test
    void shouldAddUpTheWeightOfTheDocumentAndEveryResource() {
        // Given: numbers as Playwright hands JavaScript's over, whole ones as Integer
        Map<String, Object> measured = Map.of(
                "cardPainted",
                412.5,
                "viewRendered",
                398.1,
                "firstContentfulPaint",
                120.0,
                "load",
                380,
                "cards",
                24,
                "longTasks",
                List.of(List.of(390.2, 55.0)),
                "resources",
                List.of(
                        Map.of("name", "doc", "transfer", 1500, "encoded", 1200),
                        Map.of("name", "app.js", "transfer", 9100, "encoded", 8800),
                        Map.of("name", "cached.css", "transfer", 0, "encoded", 18066)));

        // When
        PageLoad load = PageLoad.of(measured, 500);

        // Then
        assertThat(load.firstRenderMs()).isEqualTo(412.5);
        assertThat(load.viewRenderedMs()).isEqualTo(398.1);
        assertThat(load.firstContentfulPaintMs()).isEqualTo(120.0);
        assertThat(load.loadEventMs()).isEqualTo(380.0);
        assertThat(load.interactiveMs()).isCloseTo(445.2, within(1e-9));
        assertThat(load.transferBytes()).isEqualTo(10_600);
        assertThat(load.encodedBytes()).isEqualTo(28_066);
        assertThat(load.requests()).isEqualTo(3);
        assertThat(load.cards()).isEqualTo(24);
    }

    @Test
    void shouldRefuseMeasurementsWithoutResources() {
        // Given
        Map<String, Object> measured = Map.of("cardPainted", 1, "viewRendered", 1, "longTasks", List.of());

        // When / Then
        assertThatThrownBy(() -> PageLoad.of(measured, 500))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no resources");
    }
}
