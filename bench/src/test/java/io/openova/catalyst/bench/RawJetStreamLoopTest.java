package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawJetStreamLoopTest {

    @Test
    void shouldPadThePayloadToTheSizeAndReadItsIndexBack() {
        // Given
        int event = 1234;

        // When
        byte[] payload = RawJetStreamLoop.payload(event, 2620);

        // Then
        assertThat(payload).hasSize(2620);
        assertThat(RawJetStreamLoop.indexOf(payload)).isEqualTo(1234);
    }

    @Test
    void shouldKeepTheIndexWhenTheSizeIsSmallerThanIt() {
        // Given
        int event = 7;

        // When
        byte[] payload = RawJetStreamLoop.payload(event, 3);

        // Then
        assertThat(RawJetStreamLoop.indexOf(payload)).isEqualTo(7);
    }
}
