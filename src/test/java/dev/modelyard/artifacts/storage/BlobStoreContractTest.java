package dev.modelyard.artifacts.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, whichever store is behind it: the filesystem store
 * ({@code FilesystemBlobStoreTest}) and the MinIO SDK against the embedded S3Proxy ({@code EmbeddedS3BlobStoreTest}).
 * Subclasses supply the store; each test works under a fresh key prefix so servers can be shared.
 */
public abstract class BlobStoreContractTest {

    protected abstract BlobStore store();

    /** Where a test prepares local files to store; the filesystem store wants it on its own file system. */
    protected Path stagingFolder() throws IOException {
        return Files.createTempDirectory("contract");
    }

    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = "contract/" + UUID.randomUUID() + "/";
    }

    private void put(String key, byte[] bytes) {
        store().put(prefix + key, new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_reachable_store_with_its_bucket_reports_itself_available() {
        store().checkAvailable();
    }

    @Test
    void what_is_put_can_be_read_back_whole_and_in_ranges() throws IOException {
        byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        put("a", bytes);

        assertThat(readAll(store().get(prefix + "a"))).isEqualTo(bytes);
        assertThat(new String(readAll(store().get(prefix + "a", 10, 6)), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
    }

    @Test
    void a_multi_part_sized_object_round_trips_byte_for_byte() throws IOException {
        byte[] bytes = new byte[20 * 1024 * 1024 + 17];
        new Random(42).nextBytes(bytes);
        put("big", bytes);

        assertThat(store().stat(prefix + "big")).get().extracting(BlobStat::size).isEqualTo((long) bytes.length);
        assertThat(readAll(store().get(prefix + "big"))).isEqualTo(bytes);
    }

    @Test
    void stat_tells_size_and_absence() {
        put("s", new byte[]{1, 2, 3});

        assertThat(store().stat(prefix + "s")).get().extracting(BlobStat::size).isEqualTo(3L);
        assertThat(store().stat(prefix + "missing")).isEmpty();
    }

    @Test
    void reading_a_missing_key_is_not_found() {
        assertThatThrownBy(() -> store().get(prefix + "missing")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void list_visits_every_key_under_a_prefix_and_nothing_else() {
        put("x/1", new byte[]{1});
        put("x/2", new byte[]{2, 2});
        put("y/1", new byte[]{3});

        List<String> keys = new ArrayList<>();
        store().list(prefix + "x/", stat -> keys.add(stat.key()));

        assertThat(keys).containsExactlyInAnyOrder(prefix + "x/1", prefix + "x/2");
    }

    @Test
    void delete_removes_and_tolerates_absence() {
        put("d", new byte[]{1});
        store().delete(prefix + "d");
        store().delete(prefix + "d");

        assertThat(store().stat(prefix + "d")).isEmpty();
    }

    @Test
    void copy_makes_an_independent_object() throws IOException {
        put("src", "payload".getBytes(StandardCharsets.UTF_8));
        store().copy(prefix + "src", prefix + "dst");
        store().delete(prefix + "src");

        assertThat(new String(readAll(store().get(prefix + "dst")), StandardCharsets.UTF_8)).isEqualTo("payload");
    }

    @Test
    void a_local_file_is_stored_under_its_key() throws IOException {
        byte[] bytes = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(bytes);
        Path file = Files.createTempFile(stagingFolder(), "upload", ".bin");
        Files.write(file, bytes);

        store().putFile(prefix + "file", file, bytes.length, "application/octet-stream");

        assertThat(readAll(store().get(prefix + "file"))).isEqualTo(bytes);
    }

    @Test
    void a_stream_shorter_than_declared_stores_nothing() {
        assertThatThrownBy(() -> store().put(prefix + "short", new ByteArrayInputStream(new byte[10]), 11,
                "application/octet-stream")).isInstanceOf(RuntimeException.class);

        assertThat(store().stat(prefix + "short")).isEmpty();
    }

    @Test
    void a_range_reads_exactly_its_bytes_from_a_large_object() throws IOException {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(bytes);
        put("r", bytes);

        byte[] range = readAll(store().get(prefix + "r", 1_000_000, 70_000));

        assertThat(range).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1_000_000, 1_070_000));
    }

    @Test
    void an_empty_object_is_stored_and_read() throws IOException {
        put("empty", new byte[0]);

        assertThat(store().stat(prefix + "empty")).get().extracting(BlobStat::size).isEqualTo(0L);
        assertThat(readAll(store().get(prefix + "empty"))).isEmpty();
    }
}
