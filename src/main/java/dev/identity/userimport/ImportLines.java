package dev.identity.userimport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an NDJSON body, read from a stream with bounded memory: a line longer than {@code maxLine} bytes is
 * not kept (its rest is skipped to the next newline and it is reported as too long), and reading stops once
 * {@code maxBody} bytes have come.
 */
final class ImportLines {

    /** One line: its number (from 1), its text, or why there is none. */
    record Line(int number, String text, Problem problem) {
    }

    enum Problem { TOO_LONG, NOT_UTF8 }

    private final InputStream in;
    private final int maxLine;
    private final long maxBody;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream current;
    private int position;
    private int limit;
    private long read;
    private int number;
    private boolean overLimit;

    ImportLines(InputStream in, int maxLine, long maxBody) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxBody = maxBody;
        this.current = new ByteArrayOutputStream(Math.min(maxLine, 4096));
    }

    /** Whether reading stopped because the body passed {@code maxBody}. */
    boolean overLimit() {
        return overLimit;
    }

    /** The next line, or null at the end of the body (or at the limit). Empty lines are skipped but counted. */
    Line next() throws IOException {
        while (true) {
            current.reset();
            boolean tooLong = false;
            boolean ended = false;
            boolean any = false;
            while (!ended) {
                if (position == limit) {
                    if (!fill()) {
                        break;
                    }
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int length = position - start;
                if (!tooLong) {
                    if (current.size() + length > maxLine) {
                        tooLong = true;
                        current.reset();
                    } else {
                        current.write(buffer, start, length);
                    }
                }
                if (position < limit) {
                    position++; // the newline
                    ended = true;
                }
            }
            if (!any || (!ended && overLimit)) {
                return null; // the end, or a line cut by the limit: not read as a line
            }
            number++;
            if (tooLong) {
                return new Line(number, null, Problem.TOO_LONG);
            }
            byte[] bytes = current.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            if (length == 0 || isBlank(bytes, length)) {
                continue;
            }
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                        .toString();
                return new Line(number, text, null);
            } catch (CharacterCodingException e) {
                return new Line(number, null, Problem.NOT_UTF8);
            }
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        if (overLimit) {
            return false;
        }
        int want = (int) Math.min(buffer.length, maxBody - read + 1);
        int n = in.read(buffer, 0, Math.max(1, want));
        if (n <= 0) {
            return false;
        }
        read += n;
        if (read > maxBody) {
            overLimit = true;
            n -= (int) (read - maxBody); // what came past the limit is not read as lines
            if (n <= 0) {
                position = limit = 0;
                return false;
            }
        }
        position = 0;
        limit = n;
        return true;
    }
}
