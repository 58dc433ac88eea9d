package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.EmbeddedS3Server;
import dev.modelyard.artifacts.storage.MinioBlobStore;
import io.minio.MinioClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an S3 store, a large file is not staged whole on local disk: past the threshold it streams into the store
 * while it is hashed, and a refused or abandoned upload leaves no object behind.
 */
class StreamedStagingTest {

    @TempDir
    static Path dir;
    static EmbeddedS3Server server;
    static MinioBlobStore store;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(dir.resolve("objects"));
        store = new MinioBlobStore(MinioClient.builder().endpoint(server.endpoint().toString()).region("us-east-1")
                .credentials(server.accessKey(), server.secretKey()).build(), "streamed");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static StagedUpload staged() {
        return StagedUpload.create(dir.resolve("staging"), UploadLimits.defaults(),
                new StagedUpload.RemoteStaging(store::startUpload, 1024 * 1024, store::get, store::delete));
    }

    @Test
    void a_large_file_streams_into_the_store_and_small_ones_stay_local() throws Exception {
        byte[] large = random(20 * 1024 * 1024 + 3);
        try (StagedUpload upload = staged()) {
            upload.addFile("small.json", new ByteArrayInputStream("{}".getBytes()));
            StagedFile file = upload.addFile("weights.bin", new ByteArrayInputStream(large));

            String key = upload.remoteKey("weights.bin").orElseThrow();
            assertThat(key).startsWith(BlobStore.UPLOAD_PREFIX);
            assertThat(upload.remoteKey("small.json")).isEmpty();
            assertThat(largestLocalFile(upload.directory())).as("no full local copy").isLessThan(1024 * 1024 + 1);
            assertThat(file.sha256()).isEqualTo(sha256(large));
            try (InputStream in = upload.open("weights.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(large);
            }
        }
        assertThat(uploads()).as("never adopted: deleted on close").isEmpty();
    }

    @Test
    void an_adopted_object_outlives_the_upload() {
        String key;
        try (StagedUpload upload = staged()) {
            upload.addFile("weights.bin", new ByteArrayInputStream(random(3 * 1024 * 1024)));
            key = upload.remoteKey("weights.bin").orElseThrow();
            upload.adoptedRemote(key);
        }
        assertThat(store.stat(key)).isPresent();
        store.delete(key);
    }

    @Test
    void a_body_that_breaks_off_mid_stream_leaves_no_object() {
        InputStream breaking = new InputStream() {
            private int left = 5 * 1024 * 1024;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, left);
                left -= n;
                return n;
            }
        };
        StagedUpload upload = staged();

        assertThatThrownBy(() -> upload.addFile("weights.bin", breaking)).isInstanceOf(RuntimeException.class);

        assertThat(uploads()).isEmpty();
    }

    private static List<String> uploads() {
        List<String> keys = new ArrayList<>();
        store.list(BlobStore.UPLOAD_PREFIX, s -> keys.add(s.key()));
        return keys;
    }

    private static long largestLocalFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
