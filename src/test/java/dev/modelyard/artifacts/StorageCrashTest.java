package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestDataDirectory;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.internal.BlobKeys;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.security.AppRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A writer process really killed at the two dangerous points of storing a blob, against the application's own
 * data directory: nothing half-written becomes visible, no version points at a missing blob, and the orphan
 * sweep leaves nothing behind.
 */
@IntegrationTest
class StorageCrashTest {

    private static final Path OBJECTS = TestDataDirectory.ROOT.resolve("objects");

    @Autowired
    BlobStore store;
    @Autowired
    BlobLedger ledger;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_writer_killed_between_write_and_rename_leaves_no_object_and_its_partial_file_is_swept() throws Exception {
        int size = 3 * 1024 * 1024;
        String seed = UUID.randomUUID().toString();
        String sha = sha256(size, seed);

        Process writer = startWriter("before-rename", sha, size, seed);
        awaitLine(writer, "WRITTEN");
        List<Path> partial = incomingFiles();
        kill(writer);

        assertThat(partial).as("the killed writer's incoming file").isNotEmpty();
        assertThat(store.stat(BlobKeys.forSha256(sha))).as("never visible under its key").isEmpty();
        artifacts.cleanup(Duration.ZERO);
        assertThat(partial).allSatisfy(p -> assertThat(p).doesNotExist());
        assertNoVersionPointsAtAMissingBlob();
    }

    @Test
    void a_writer_killed_between_object_write_and_ledger_commit_leaves_an_orphan_the_sweep_removes() throws Exception {
        int size = 1024 * 1024;
        String seed = UUID.randomUUID().toString();
        String sha = sha256(size, seed);
        // a registration claims (and commits) the blob before writing it: decision 002
        assertThat(ledger.claim(sha, size, null)).isFalse();

        Process writer = startWriter("after-object", sha, size, seed);
        awaitLine(writer, "STORED");
        kill(writer);

        assertThat(store.stat(BlobKeys.forSha256(sha))).as("the object was written whole").isPresent();
        TestUsers.runAs("admin", AppRole.ADMIN, () ->
                assertThat(artifacts.missing(List.of(sha))).as("never marked stored: not offered for reuse")
                        .containsExactly(sha));
        artifacts.cleanup(Duration.ZERO);
        assertThat(store.stat(BlobKeys.forSha256(sha))).as("the orphan is swept").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from blob where sha256 = ?", Integer.class, sha)).isZero();
        assertNoVersionPointsAtAMissingBlob();
    }

    private void assertNoVersionPointsAtAMissingBlob() {
        for (String sha : jdbc.queryForList("select distinct sha256 from manifest_entry", String.class)) {
            // where the ledger says: a streamed upload (S3 mode, same data directory) stays under its uploads/ key
            String key = ledger.objectKey(sha).orElseGet(() -> BlobKeys.forSha256(sha));
            assertThat(store.stat(key)).as("blob " + sha + " of a manifest").isPresent();
        }
    }

    private static Process startWriter(String mode, String sha, int size, String seed) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), OBJECTS.resolve("modelyard").toString(),
                OBJECTS.resolve(".incoming").toString(), mode, BlobKeys.forSha256(sha), String.valueOf(size), seed)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static void awaitLine(Process writer, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            assertThat(line).as("the writer ended before saying " + expected).isNotNull();
            if (line.equals(expected)) {
                return;
            }
        }
    }

    private static void kill(Process writer) throws InterruptedException {
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static List<Path> incomingFiles() throws IOException {
        try (Stream<Path> files = Files.list(OBJECTS.resolve(".incoming"))) {
            return files.toList();
        }
    }

    /** The SHA-256 of what {@link CrashingWriter} writes for this size and seed. */
    private static String sha256(int size, String seed) throws Exception {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) seed.hashCode());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
