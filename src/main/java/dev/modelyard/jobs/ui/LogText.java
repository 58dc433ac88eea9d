package dev.modelyard.jobs.ui;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The part of a job log a page shows, fed with raw chunks as they are read. Chunks may split a UTF-8 character, so
 * the decoder keeps the unfinished bytes for the next chunk. The text is bounded: past {@link #LIMIT} characters
 * only about the last {@link #KEEP} are kept, cut at a line start, and the page is told to replace its copy; until
 * then it only receives what was appended since it last asked. Thread-safe: a timer thread appends, the UI takes.
 */
final class LogText {

    static final int LIMIT = 2_000_000;
    static final int KEEP = 1_000_000;

    /** What the page should do: append {@code text}, or replace everything with it. */
    record Update(boolean replace, String text) {
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final int limit;
    private final int keep;
    private final StringBuilder text = new StringBuilder();
    private byte[] unfinished = new byte[0];
    private int taken;
    private boolean replace;
    private boolean cut;
    private boolean dropUntilLineStart;

    LogText() {
        this(LIMIT, KEEP);
    }

    LogText(int limit, int keep) {
        this.limit = limit;
        this.keep = keep;
    }

    /** The log is read from the middle: what comes before the first line break is a partial line and is dropped. */
    synchronized void startsMidway() {
        cut = true;
        dropUntilLineStart = true;
    }

    synchronized void append(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(unfinished.length + bytes.length).put(unfinished).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining());
        decoder.decode(in, out, false);
        unfinished = new byte[in.remaining()];
        in.get(unfinished);
        out.flip();
        if (dropUntilLineStart) {
            int newline = indexOf(out, '\n');
            if (newline < 0) {
                return;
            }
            out.position(newline + 1);
            dropUntilLineStart = false;
        }
        text.append(out);
        if (text.length() > limit) {
            int from = text.length() - keep;
            int newline = text.indexOf("\n", from);
            text.delete(0, newline >= 0 && newline < text.length() - 1 ? newline + 1 : from);
            cut = true;
            replace = true;
        }
    }

    /** What changed since the last call, or null when nothing did. */
    synchronized Update take() {
        if (replace) {
            replace = false;
            taken = text.length();
            return new Update(true, text.toString());
        }
        if (taken == text.length()) {
            return null;
        }
        String added = text.substring(taken);
        taken = text.length();
        return new Update(false, added);
    }

    synchronized boolean hasUpdate() {
        return replace || taken != text.length();
    }

    /** The whole text kept now. */
    synchronized String text() {
        return text.toString();
    }

    /** Whether the beginning of the log is not shown. */
    synchronized boolean isCut() {
        return cut;
    }

    private static int indexOf(CharBuffer chars, char wanted) {
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
