package io.openova.catalyst.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one {@code text/event-stream} answer of an HTTP/1.1 server from its raw bytes: the status line and headers,
 * the chunked transfer coding (or a body up to the end of the connection), and the events in it (their name and
 * data; ids, comments and other fields are skipped). It works on bytes in its own buffer, without a lock or a string
 * per line, so that a thousand of them cost the load generator little. Not thread-safe: one reader thread per stream.
 */
final class SseStream {
    /** Receives each event; {@code data} is only valid during the call (the lines of a multi-line data joined by LF). */
    interface Listener {
        void onEvent(String name, byte[] data, int length);
    }

    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    /** A line longer than this is not an SSE line of this server: a protocol error, not a reason to grow forever. */
    private static final int MAX_LINE = 4 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[32 * 1024];
    private int position;
    private int limit;

    private boolean chunked;
    private boolean firstChunk = true;
    private long chunkLeft;
    private boolean ended;

    private byte[] line = new byte[8 * 1024];
    private byte[] data = new byte[8 * 1024];

    SseStream(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the status line and the headers; returns the status code. The body is then read chunked when the answer
     * says {@code Transfer-Encoding: chunked}, else up to the end of the connection.
     */
    int readHead() throws IOException {
        String status = rawLine();
        if (status == null || !status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP/1.x answer: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line: " + status, e);
        }
        for (String header = rawLine(); ; header = rawLine()) {
            if (header == null) {
                throw new IOException("the connection closed in the headers");
            }
            if (header.isEmpty()) {
                return code;
            }
            int colon = header.indexOf(':');
            if (colon > 0
                    && header.substring(0, colon).strip().equalsIgnoreCase("transfer-encoding")
                    && header.substring(colon + 1)
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .contains("chunked")) {
                chunked = true;
            }
        }
    }

    /** Reads up to the end of the next event and hands it to {@code listener}; false at the end of the stream. */
    boolean next(Listener listener) throws IOException {
        String name = null;
        int dataLength = 0;
        boolean hasData = false;
        for (int length = bodyLine(); length >= 0; length = bodyLine()) {
            if (length == 0) {
                if (hasData) {
                    listener.onEvent(name == null ? "message" : name, data, dataLength);
                    return true;
                }
                name = null;
            } else if (startsWith(line, length, EVENT)) {
                name = new String(line, EVENT.length, length - EVENT.length, StandardCharsets.UTF_8).strip();
            } else if (startsWith(line, length, DATA)) {
                int from = DATA.length < length && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
                int extra = (hasData ? 1 : 0) + length - from;
                if (dataLength + extra > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + extra));
                }
                if (hasData) {
                    data[dataLength++] = '\n';
                }
                System.arraycopy(line, from, data, dataLength, length - from);
                dataLength += length - from;
                hasData = true;
            }
            // comments (':'), id, retry and unknown fields: skipped
        }
        return false;
    }

    /** The index of {@code marker} in {@code bytes[0..length)}, or -1. */
    static int indexOf(byte[] bytes, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next line of the body into {@link #line} without its CR LF or LF; its length, or -1 at the end. */
    private int bodyLine() throws IOException {
        int length = 0;
        for (int b = bodyByte(); b >= 0; b = bodyByte()) {
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == line.length) {
                if (length >= MAX_LINE) {
                    throw new IOException("a line of more than " + MAX_LINE + " bytes");
                }
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = (byte) b;
        }
        return length > 0 ? length : -1;
    }

    private int bodyByte() throws IOException {
        if (!chunked) {
            return rawByte();
        }
        if (chunkLeft == 0 && !nextChunk()) {
            return -1;
        }
        int b = rawByte();
        if (b < 0) {
            throw new IOException("the connection closed inside a chunk");
        }
        chunkLeft--;
        return b;
    }

    /** Reads the next chunk's size line (after the CR LF that ends the previous chunk); false after the last chunk. */
    private boolean nextChunk() throws IOException {
        if (ended) {
            return false;
        }
        if (!firstChunk) {
            String end = rawLine();
            if (end == null) {
                ended = true;
                return false;
            }
            if (!end.isEmpty()) {
                throw new IOException("a chunk not followed by CR LF");
            }
        }
        firstChunk = false;
        String size = rawLine();
        if (size == null) {
            ended = true;
            return false;
        }
        int extension = size.indexOf(';');
        try {
            chunkLeft = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("not a chunk size: " + size, e);
        }
        if (chunkLeft == 0) {
            ended = true;
            return false;
        }
        return true;
    }

    /** A line of the connection (head or chunk framing), without its CR LF; null at the end. */
    private String rawLine() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int b = rawByte(); b >= 0; b = rawByte()) {
            if (b == '\n') {
                int length = out.length();
                return length > 0 && out.charAt(length - 1) == '\r' ? out.substring(0, length - 1) : out.toString();
            }
            if (out.length() >= 8192) {
                throw new IOException("a header or chunk line of more than 8192 bytes");
            }
            out.append((char) b);
        }
        return out.isEmpty() ? null : out.toString();
    }

    private int rawByte() throws IOException {
        if (position == limit) {
            int read = in.read(buffer);
            if (read <= 0) {
                return -1;
            }
            position = 0;
            limit = read;
        }
        return buffer[position++] & 0xff;
    }
}
