package dev.modelyard.artifacts.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the filesystem store, plus what only it promises: moves, local files, a safe root. */
class FilesystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    static Path data;
    static FilesystemBlobStore store;

    @Override
    protected BlobStore store() {
        if (store == null) {
            store = new FilesystemBlobStore(data.resolve("objects/modelyard"), data.resolve("objects/.incoming"));
        }
        return store;
    }

    @Override
    protected Path stagingFolder() throws IOException {
        return Files.createDirectories(data.resolve("staging"));
    }

    @Test
    void a_local_file_on_the_same_file_system_is_moved_not_copied() throws IOException {
        Path file = Files.writeString(stagingFolder().resolve("moved.bin"), "moved");
        Object inode = Files.readAttributes(file, "unix:ino").get("ino");

        store().putFile("m/moved", file, 5, null);

        assertThat(file).doesNotExist();
        Path local = store().localFile("m/moved").orElseThrow();
        assertThat(Files.readAttributes(local, "unix:ino").get("ino")).as("same inode: renamed").isEqualTo(inode);
        assertThat(Files.readString(local)).isEqualTo("moved");
    }

    @Test
    void it_is_unavailable_when_its_folder_is_gone_and_available_again_when_it_is_back(@TempDir Path other)
            throws IOException {
        FilesystemBlobStore own = new FilesystemBlobStore(other.resolve("objects/b"), other.resolve("objects/.incoming"));
        own.checkAvailable();
        Files.delete(other.resolve("objects/b"));

        assertThatThrownBy(own::checkAvailable).isInstanceOf(dev.modelyard.base.StorageUnavailableException.class);

        Files.createDirectories(other.resolve("objects/b"));
        own.checkAvailable();
        try (var left = Files.list(other.resolve("objects/.incoming"))) {
            assertThat(left).as("the write probe leaves nothing behind").isEmpty();
        }
    }

    @Test
    void a_failed_write_leaves_no_incoming_file_behind() {
        assertThatThrownBy(() -> store().put("f/failed", new ByteArrayInputStream(new byte[3]), 4, null))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store().put("f/long", new ByteArrayInputStream(new byte[5]), 4, null))
                .isInstanceOf(RuntimeException.class);

        assertThat(store().deleteAbandonedUploads(Instant.now().plusSeconds(60))).isZero();
        assertThat(store().stat("f/long")).isEmpty();
    }

    @Test
    void keys_cannot_leave_the_root() {
        for (String key : List.of("../escape", "a/../../escape", "/etc/passwd", "a//b", ".", "a\\b")) {
            assertThatThrownBy(() -> store().put(key, InputStream.nullInputStream(), 0, null))
                    .as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(data.getParent().resolve("escape")).doesNotExist();
    }

    /** A data directory written by the embedded S3Proxy (today's main) is read as it is: the same layout. */
    @Test
    void objects_written_by_the_embedded_s3_server_are_read_listed_and_deleted() throws Exception {
        Path old = data.resolve("old-data/objects");
        List<String> keys = List.of("blobs/sha256/ab/ab" + "0".repeat(62), "blobs/sha256/cd/cd" + "1".repeat(62));
        try (EmbeddedS3Server server = EmbeddedS3Server.start(old)) {
            MinioBlobStore s3 = new MinioBlobStore(io.minio.MinioClient.builder().endpoint(server.endpoint().toString())
                    .region("us-east-1").credentials(server.accessKey(), server.secretKey()).build(), "modelyard");
            s3.ensureBucket();
            for (String key : keys) {
                byte[] bytes = ("content of " + key).getBytes(StandardCharsets.UTF_8);
                s3.put(key, new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
            }
        }

        FilesystemBlobStore files = new FilesystemBlobStore(old.resolve("modelyard"), old.resolve(".incoming"));

        List<String> listed = new ArrayList<>();
        files.list("blobs/", s -> listed.add(s.key()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
        try (InputStream in = files.get(keys.get(0))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("content of " + keys.get(0));
        }
        assertThat(files.stat(keys.get(1))).get().extracting(BlobStat::size)
                .isEqualTo((long) ("content of " + keys.get(1)).length());
        files.delete(keys.get(1));
        assertThat(files.stat(keys.get(1))).isEmpty();
    }

    /** And back: what the filesystem store wrote, the embedded S3 server serves (mode=embedded still works). */
    @Test
    void objects_written_here_are_served_by_the_embedded_s3_server() throws Exception {
        Path objects = data.resolve("new-data/objects");
        FilesystemBlobStore files = new FilesystemBlobStore(objects.resolve("modelyard"), objects.resolve(".incoming"));
        byte[] bytes = "written by the filesystem store".getBytes(StandardCharsets.UTF_8);
        files.put("blobs/sha256/ef/ef" + "2".repeat(62), new ByteArrayInputStream(bytes), bytes.length, null);

        try (EmbeddedS3Server server = EmbeddedS3Server.start(objects)) {
            MinioBlobStore s3 = new MinioBlobStore(io.minio.MinioClient.builder().endpoint(server.endpoint().toString())
                    .region("us-east-1").credentials(server.accessKey(), server.secretKey()).build(), "modelyard");
            try (InputStream in = s3.get("blobs/sha256/ef/ef" + "2".repeat(62))) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
    }
}
