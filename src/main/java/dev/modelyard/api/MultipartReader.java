package dev.modelyard.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A streaming multipart/form-data reader (RFC 7578) for large uploads: parts are handed out one at a time as
 * streams that end at the part's delimiter, found with a Boyer-Moore-Horspool scan over a 64 KB buffer. Random
 * payloads are scanned a delimiter's length at a time rather than byte by byte: commons-fileupload's byte-wise
 * scan over 4 KB buffers was most of the server's CPU in a 1 GB upload (decision 013). Not thread-safe.
 */
final class MultipartReader {

    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int BUFFER = 64 * 1024;

    /** One part: its form field name, the file name if it is a file part, and its bytes. */
    record Part(String fieldName, String fileName, String contentType, InputStream content) {
        boolean isFile() {
            return fileName != null;
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: what ends every part. */
    private final byte[] delimiter;
    private final int[] skip = new int[256];
    private final byte[] buffer;
    private int head;
    private int tail;
    private boolean inputEnded;
    private boolean finished;
    private PartStream current;

    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("not a multipart boundary");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[Math.max(BUFFER, MAX_HEADER_BYTES + delimiter.length * 2)];
        java.util.Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The next part, or null after the closing delimiter. The previous part's unread bytes are skipped. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.skipRest();
        }
        // after a delimiter: "--" closes the body, CRLF starts a part (transport padding allowed before it)
        if (!ensure(2)) {
            throw new EOFException("the multipart body ended after a delimiter");
        }
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            finished = true;
            return null;
        }
        while (ensure(1) && (buffer[head] == ' ' || buffer[head] == '\t')) {
            head++;
        }
        if (!ensure(2) || buffer[head] != '\r' || buffer[head + 1] != '\n') {
            throw new IOException("malformed multipart delimiter line");
        }
        head += 2;
        String headers = readHeaders();
        String disposition = header(headers, "content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new IOException("a part without Content-Disposition: form-data");
        }
        current = new PartStream();
        return new Part(param(disposition, "name"), param(disposition, "filename"), header(headers, "content-type"),
                current);
    }

    /** Skips to the first delimiter, which may open the body without its CRLF. */
    private void skipPreamble() throws IOException {
        // pretend a CRLF precedes the body, so the first delimiter is found like every other
        if (!ensure(delimiter.length - 2)) {
            throw new EOFException("the multipart body is empty");
        }
        if (startsWith(head, delimiter, 2)) {
            head += delimiter.length - 2;
            return;
        }
        while (true) {
            int found = search();
            if (found >= 0) {
                head = found + delimiter.length;
                return;
            }
            head = Math.max(head, tail - delimiter.length + 1);
            if (!fill()) {
                throw new EOFException("no multipart delimiter in the body");
            }
        }
    }

    private String readHeaders() throws IOException {
        int start = head;
        int scanned = head;
        while (true) {
            for (; scanned + 3 < tail; scanned++) {
                if (buffer[scanned] == '\r' && buffer[scanned + 1] == '\n' && buffer[scanned + 2] == '\r'
                        && buffer[scanned + 3] == '\n') {
                    String headers = new String(buffer, start, scanned - start, StandardCharsets.UTF_8);
                    head = scanned + 4;
                    return headers;
                }
            }
            if (scanned - start > MAX_HEADER_BYTES) {
                throw new IOException("multipart headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            int offset = head;
            compact();
            start -= offset;
            scanned -= offset;
            if (!fillOnce()) {
                throw new EOFException("the multipart body ended inside part headers");
            }
        }
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** A parameter of a Content-Disposition value: quoted (with backslash escapes) or a token. */
    static String param(String value, String name) {
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int start = i + 1;
            while (start < value.length() && value.charAt(start) == ' ') {
                start++;
            }
            int eq = value.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = value.substring(start, eq).strip();
            int pos = eq + 1;
            String val;
            if (pos < value.length() && value.charAt(pos) == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (pos < value.length() && value.charAt(pos) != '"') {
                    char c = value.charAt(pos);
                    if (c == '\\' && pos + 1 < value.length()) {
                        c = value.charAt(++pos);
                    }
                    sb.append(c);
                    pos++;
                }
                val = sb.toString();
                i = value.indexOf(';', pos);
            } else {
                int end = value.indexOf(';', pos);
                val = (end < 0 ? value.substring(pos) : value.substring(pos, end)).strip();
                i = end;
            }
            if (key.equalsIgnoreCase(name)) {
                return val;
            }
        }
        return null;
    }

    /** The first delimiter in buffer[head, tail), or -1 (Boyer-Moore-Horspool). */
    private int search() {
        int last = delimiter.length - 1;
        int pos = head;
        while (pos + last < tail) {
            int j = last;
            while (buffer[pos + j] == delimiter[j]) {
                if (j == 0) {
                    return pos;
                }
                j--;
            }
            pos += skip[buffer[pos + last] & 0xff];
        }
        return -1;
    }

    private boolean startsWith(int at, byte[] what, int from) {
        for (int i = from; i < what.length; i++) {
            if (buffer[at + i - from] != what[i]) {
                return false;
            }
        }
        return true;
    }

    /** Makes at least {@code n} bytes available from head; false when the input ends first. */
    private boolean ensure(int n) throws IOException {
        while (tail - head < n) {
            if (head > 0) {
                compact();
            }
            if (!fillOnce()) {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        compact();
        return fillOnce();
    }

    private void compact() {
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
    }

    private boolean fillOnce() throws IOException {
        if (inputEnded || tail == buffer.length) {
            return false;
        }
        int n = in.read(buffer, tail, buffer.length - tail);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        tail += n;
        return true;
    }

    /** The bytes of the current part, up to (not including) its delimiter. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int found = search();
                // bytes before a found delimiter are the part's; without one, all but a possible delimiter prefix
                int safe = found >= 0 ? found : Math.max(head, tail - delimiter.length + 1);
                if (safe > head) {
                    int n = Math.min(len, safe - head);
                    System.arraycopy(buffer, head, b, off, n);
                    head += n;
                    return n;
                }
                if (found == head) {
                    head += delimiter.length;
                    ended = true;
                    return -1;
                }
                if (!fill()) {
                    throw new EOFException("the multipart body ended inside a part");
                }
            }
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
