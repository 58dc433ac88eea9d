package dev.modelyard.shell.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.UploadLimits;
import dev.modelyard.shell.ui.StagingArea.Outcome.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging area alone: uploads on other threads, resets from the UI thread, and nothing left on disk. */
class StagingAreaTest {

    @TempDir
    Path root;
    StagingArea staging;
    ExecutorService uploads = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() {
        staging = new StagingArea(() -> StagedUpload.create(root, UploadLimits.defaults()));
    }

    @AfterEach
    void stop() {
        uploads.shutdownNow();
    }

    @Test
    void clearing_while_a_file_streams_does_not_wait_and_the_file_is_not_kept() throws Exception {
        Gate gate = new Gate();
        Future<StagingArea.Outcome> streaming = uploads.submit(
                () -> staging.add("big.bin", gate, staging.generation()));
        assertThat(gate.reading.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(folders()).isEqualTo(1);

        staging.reset();                       // returns at once although the upload holds the lock
        assertThat(staging.files()).isEmpty();
        gate.release.countDown();

        assertThat(streaming.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.DISCARDED);
        assertThat(staging.files()).isEmpty();
        assertThat(folders()).as("the uploading thread deleted the stale set").isZero();
    }

    @Test
    void a_file_whose_request_started_before_a_reset_is_discarded() {
        int startedIn = staging.generation();
        staging.add("a.txt", text("a"), startedIn);
        staging.reset();

        assertThat(staging.add("b.txt", text("b"), startedIn).status()).isEqualTo(Status.DISCARDED);
        assertThat(staging.files()).isEmpty();
        assertThat(folders()).isZero();
    }

    @Test
    void a_refused_file_deletes_the_whole_set_and_the_next_one_starts_afresh() {
        staging.add("a.txt", text("a"), staging.generation());
        StagingArea.Outcome refused = staging.add("../b.txt", text("b"), staging.generation());

        assertThat(refused.status()).isEqualTo(Status.REJECTED);
        assertThat(refused.problem()).contains("'..' segment");
        assertThat(folders()).isZero();
        assertThat(staging.add("c.txt", text("c"), staging.generation()).files()).hasSize(1);
    }

    @Test
    void the_same_file_name_twice_is_answered_without_losing_the_set() {
        staging.add("a.txt", text("a"), staging.generation());

        StagingArea.Outcome again = staging.add("a.txt", text("a again"), staging.generation());

        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(again.problem()).isEqualTo("'a.txt' is staged already; clear the files to replace it");
        assertThat(staging.files()).hasSize(1);
    }

    @Test
    void the_files_are_listed_by_path_not_in_the_order_they_arrived() {
        staging.add("b.txt", text("b"), staging.generation());
        staging.add("C.txt", text("c"), staging.generation());
        staging.add("a.txt", text("a"), staging.generation());

        assertThat(staging.files()).extracting(f -> f.path()).containsExactly("a.txt", "b.txt", "C.txt");
    }

    @Test
    void closing_deletes_the_staged_files() {
        staging.add("a.txt", text("a"), staging.generation());
        assertThat(folders()).isEqualTo(1);

        staging.close();

        assertThat(folders()).isZero();
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private long folders() {
        try (Stream<Path> list = Files.list(root)) {
            return list.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream that hands out some bytes, then holds the reader until released, like a slow upload. */
    private static final class Gate extends InputStream {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private int sent;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (sent == 0) {
                sent = Math.min(length, 1024);
                reading.countDown();
                return sent;
            }
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return -1;
        }
    }
}
