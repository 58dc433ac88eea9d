package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader returns every part byte for byte, however the body is split into reads. */
class MultipartReaderTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    record Sent(String name, String fileName, byte[] bytes) {
    }

    @Test
    void random_parts_survive_every_way_of_splitting_the_body() throws IOException {
        Random random = new Random(12345);
        for (int round = 0; round < 300; round++) {
            List<Sent> sent = new ArrayList<>();
            int parts = 1 + random.nextInt(4);
            for (int p = 0; p < parts; p++) {
                sent.add(new Sent("f" + p, random.nextBoolean() ? null : "dir/file-" + p + ".bin",
                        tricky(random, random.nextInt(5) == 0 ? random.nextInt(300_000) : random.nextInt(200))));
            }
            byte[] body = body(sent, round % 3 == 0 ? "preamble text\r\n" : "", round % 4 == 0 ? "\r\nepilogue" : "");
            int maxChunk = 1 + random.nextInt(round % 2 == 0 ? 7 : 100_000);
            int maxRead = 1 + random.nextInt(round % 3 == 0 ? 5 : 70_000);

            List<Sent> read = readAll(new Chunked(body, maxChunk, random), maxRead, random);

            assertThat(read).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(read.get(i).name()).isEqualTo(sent.get(i).name());
                assertThat(read.get(i).fileName()).isEqualTo(sent.get(i).fileName());
                assertThat(read.get(i).bytes()).as("round " + round + " part " + i).isEqualTo(sent.get(i).bytes());
            }
        }
    }

    @Test
    void an_unread_part_is_skipped_and_names_are_unquoted() throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a \\\"q\\\" é.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nskipped\r\n--" + BOUNDARY + "  \r\nContent-Disposition: form-data; "
                + "name=type\r\n\r\ncustom_model\r\n--" + BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                BOUNDARY);

        MultipartReader.Part file = reader.next();
        assertThat(file.fileName()).isEqualTo("a \"q\" é.txt");
        assertThat(file.contentType()).isEqualTo("text/plain");
        MultipartReader.Part type = reader.next();
        assertThat(type.isFile()).isFalse();
        assertThat(new String(type.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("custom_model");
        assertThat(reader.next()).isNull();
    }

    @Test
    void a_body_that_ends_inside_a_part_is_an_error() throws IOException {
        byte[] whole = body(List.of(new Sent("files", "x.bin", new byte[10_000])), "", "");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(Arrays.copyOf(whole, 5_000)), BOUNDARY);

        MultipartReader.Part part = reader.next();

        assertThatThrownBy(() -> part.content().readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void the_boundary_comes_from_the_content_type() {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.boundaryOf("application/json")).isNull();
        assertThat(MultipartReader.boundaryOf("multipart/form-data")).isNull();
    }

    /** Random bytes salted with CRLFs and prefixes of the delimiter, the cases a scanner gets wrong. */
    private static byte[] tricky(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size / 50; i++) {
            int at = random.nextInt(size);
            int len = Math.min(size - at, 1 + random.nextInt(delimiter.length - 1));
            System.arraycopy(delimiter, 0, bytes, at, len);
        }
        // a whole delimiter inside a part is not a part any more: break the ones chance made
        for (int i = 0; i + delimiter.length <= size; i++) {
            if (Arrays.equals(bytes, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                bytes[i + delimiter.length - 1] = 0;
            }
        }
        return bytes;
    }

    private static byte[] body(List<Sent> parts, String preamble, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
        for (Sent p : parts) {
            String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"")
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--" + epilogue).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static List<Sent> readAll(InputStream in, int maxRead, Random random) throws IOException {
        MultipartReader reader = new MultipartReader(in, BOUNDARY);
        List<Sent> parts = new ArrayList<>();
        for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[maxRead];
            for (int n; (n = part.content().read(buffer, 0, 1 + random.nextInt(maxRead))) >= 0; ) {
                content.write(buffer, 0, n);
            }
            parts.add(new Sent(part.fieldName(), part.fileName(), content.toByteArray()));
        }
        return parts;
    }

    /** Hands the body out in reads of random sizes up to {@code maxChunk}. */
    private static final class Chunked extends InputStream {
        private final byte[] body;
        private final int maxChunk;
        private final Random random;
        private int pos;

        Chunked(byte[] body, int maxChunk, Random random) {
            this.body = body;
            this.maxChunk = maxChunk;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < body.length ? body[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= body.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, body.length - pos), 1 + random.nextInt(maxChunk));
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
