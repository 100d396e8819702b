package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseStreamTest {
    private record Event(String name, String data) {}

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";

    /** The body cut into chunks of the given sizes (the rest in a last chunk), then the last-chunk marker. */
    private static String chunked(String body, int... sizes) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            out.append(Integer.toHexString(size))
                    .append("\r\n")
                    .append(body, at, at + size)
                    .append("\r\n");
            at += size;
        }
        if (at < body.length()) {
            out.append(Integer.toHexString(body.length() - at))
                    .append("\r\n")
                    .append(body.substring(at))
                    .append("\r\n");
        }
        return out.append("0\r\n\r\n").toString();
    }

    private static List<Event> read(String answer) throws IOException {
        return read(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Event> read(InputStream in) throws IOException {
        SseStream stream = new SseStream(in);
        assertThat(stream.readHead()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        while (stream.next((name, data, length) ->
                events.add(new Event(name, new String(data, 0, length, StandardCharsets.UTF_8))))) {
            // collects
        }
        return events;
    }

    @Test
    void shouldReadEventsSplitAcrossChunksSkippingCommentsAndIds() throws IOException {
        // Given: the server's framing (a content-type field, LF line ends), events cut anywhere by the chunks
        String body = ": connected\n\ncontent-type:application/json\nid:2\nevent:snapshot\ndata:{\"a\":1}\n\n"
                + "content-type:application/json\nid:3\nevent:ready\ndata:{\"message\":\"bench-event-000007\"}\n\n";
        String answer = HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunked(body, 5, 17, 40, 1);

        // When
        List<Event> events = read(answer);

        // Then
        assertThat(events)
                .containsExactly(
                        new Event("snapshot", "{\"a\":1}"), new Event("ready", "{\"message\":\"bench-event-000007\"}"));
    }

    @Test
    void shouldJoinDataLinesAndNameUnnamedEventsMessage() throws IOException {
        // Given: a body without chunking, CR LF line ends, a space after the colon
        String answer = HEAD + "\r\n" + "data: one\r\ndata: two\r\n\r\nevent: x\r\n\r\n";

        // When
        List<Event> events = read(answer);

        // Then: an event without data is no event
        assertThat(events).containsExactly(new Event("message", "one\ntwo"));
    }

    @Test
    void shouldEndAtTheLastChunkEvenIfTheConnectionStaysOpen() throws IOException {
        // Given: bytes after the last chunk that must never be read as events
        String answer = HEAD + "transfer-encoding: chunked\r\n\r\n" + chunked("data:a\n\n") + "data:b\n\n";

        // When
        List<Event> events = read(answer);

        // Then
        assertThat(events).containsExactly(new Event("message", "a"));
    }

    @Test
    void shouldReturnTheStatusOfAnAnswerThatIsNoEventStream() throws IOException {
        // Given
        SseStream stream = new SseStream(new ByteArrayInputStream(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

        // When
        int status = stream.readHead();

        // Then
        assertThat(status).isEqualTo(404);
    }

    @Test
    void shouldFailOnAConnectionClosedInsideAChunk() {
        // Given
        String answer = HEAD + "Transfer-Encoding: chunked\r\n\r\n" + "20\r\ndata:cut";

        // When / Then
        assertThatThrownBy(() -> read(answer))
                .isInstanceOf(IOException.class)
                .hasMessage("the connection closed inside a chunk");
    }

    @Test
    void shouldFindMarkerOnlyWithinLength() {
        // Given
        byte[] bytes = "xxbench-event-1".getBytes(StandardCharsets.US_ASCII);
        byte[] marker = "bench-event-".getBytes(StandardCharsets.US_ASCII);

        // When
        int within = SseStream.indexOf(bytes, bytes.length, marker);
        int cut = SseStream.indexOf(bytes, 8, marker);

        // Then
        assertThat(within).isEqualTo(2);
        assertThat(cut).isEqualTo(-1);
    }
}
