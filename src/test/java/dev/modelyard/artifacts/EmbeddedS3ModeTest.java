package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.EmbeddedS3Server;
import dev.modelyard.artifacts.storage.StorageProperties;
import dev.modelyard.backups.BackupInfo;
import dev.modelyard.backups.BackupService;
import io.minio.MinioAsyncClient;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.modelyard.artifacts.storage.MinioBlobStore;
import dev.modelyard.artifacts.storage.StreamingUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The application on an S3 store (the embedded S3Proxy, as with an external MinIO): large files stream into the
 * store while hashed, the ledger maps their digest to the key they landed under, a duplicate is dropped, an
 * abandoned streamed object is swept, and downloads can be redirected to presigned URLs. Its own Spring context
 * (the suite's default store is the filesystem).
 */
@IntegrationTest
@TestPropertySource(properties = {"modelyard.storage.mode=embedded", "modelyard.storage.presign-downloads=1m"})
class EmbeddedS3ModeTest {

    @Autowired
    ArtifactService artifacts;
    @Autowired
    ModelService models;
    @Autowired
    BlobStore store;
    @Autowired
    BlobLedger ledger;
    @Autowired
    UserService users;
    @Autowired
    StorageGc gc;
    @Autowired
    StorageScrub scrub;
    @Autowired
    BackupService backups;
    @Autowired
    EmbeddedS3Server s3;
    @Autowired
    StorageProperties storage;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @Test
    void a_large_file_is_streamed_once_its_duplicate_dropped_and_an_abandoned_stream_swept() throws IOException {
        assertThat(store).isInstanceOf(MinioBlobStore.class);
        byte[] weights = new byte[ArtifactService.STREAM_AFTER_BYTES > Integer.MAX_VALUE ? 0
                : (int) ArtifactService.STREAM_AFTER_BYTES + 4 * 1024 * 1024];
        new Random(System.nanoTime()).nextBytes(weights);
        String name = ModelTestData.uniqueName("streamed");
        AtomicReference<ModelVersionDetails> first = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = artifacts.stage()) {
                staged.addFile("weights.bin", new ByteArrayInputStream(weights));
                first.set(models.register(ModelTestData.custom(name), staged));
            }
        });
        assertThat(first.get().storage().bytesNew()).isEqualTo(weights.length);
        AtomicReference<String> shaRef = new AtomicReference<>();
        TestUsers.runAs("reader", AppRole.READER,
                () -> shaRef.set(models.files(VersionRef.of(name, "1")).get(0).sha256()));
        String sha = shaRef.get();
        String key = ledger.objectKey(sha).orElseThrow();
        assertThat(key).as("mapped by the ledger, no copy to the hash key").startsWith(BlobStore.UPLOAD_PREFIX);
        List<String> uploadsBefore = uploads();

        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = artifacts.stage()) {
                staged.addFile("same.bin", new ByteArrayInputStream(weights));
                assertThat(models.register(ModelTestData.custom(name), staged).storage().bytesNew()).isZero();
            }
        });
        assertThat(uploads()).as("the duplicate stream was dropped").isEqualTo(uploadsBefore);

        StreamingUpload abandoned = store.startUpload().orElseThrow();
        abandoned.out().write(new byte[]{1, 2, 3});
        String abandonedKey = abandoned.commit(); // then the writer "dies" before the ledger names it
        artifacts.cleanup(Duration.ZERO);
        assertThat(store.stat(abandonedKey)).isEmpty();
        assertThat(store.stat(key)).as("a referenced object stays").isPresent();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (InputStream in = models.openFile(VersionRef.of(name, "2"), "same.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(weights);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void a_file_download_is_redirected_to_a_presigned_url_of_the_store() throws Exception {
        TestUsers.ensureCreated(users);
        String name = ModelTestData.uniqueName("presigned");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, java.util.Map.of("a.txt", "hello " + name))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String auth = java.util.Base64.getEncoder().encodeToString((TestUsers.READER + ":" + TestUsers.PASSWORD)
                .getBytes());

        HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/models/" + name + "/versions/1/files/a.txt")).header("Authorization", "Basic " + auth)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(redirect.statusCode()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> fromStore = client.send(HttpRequest.newBuilder(location).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromStore.statusCode()).isEqualTo(200);
        assertThat(fromStore.body()).isEqualTo("hello " + name);
    }

    /**
     * The joins of the garbage collector, the scrub and backups with streamed uploads: an object the ledger names
     * under an {@code uploads/} key is neither collected nor reported missing, and a backup holds it under that key
     * (where the restored database looks for it).
     */
    @Test
    void a_streamed_object_survives_the_collector_is_scrubbed_and_backed_up_under_its_ledger_key() throws Exception {
        byte[] weights = new byte[(int) ArtifactService.STREAM_AFTER_BYTES + 1024 * 1024];
        new Random(System.nanoTime()).nextBytes(weights);
        String name = ModelTestData.uniqueName("streamed-gc");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = artifacts.stage()) {
                staged.addFile("weights.bin", new ByteArrayInputStream(weights));
                models.register(ModelTestData.custom(name), staged);
            }
        });
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(weights));
        String key = ledger.objectKey(sha).orElseThrow();
        assertThat(key).startsWith(BlobStore.UPLOAD_PREFIX);
        jdbc.update("update blob set last_claimed_at = ? where sha256 = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(2))), sha);

        gc.collect(false, Duration.ZERO);
        assertThat(store.stat(key)).as("named by the ledger under its upload key").isPresent();

        AtomicReference<ScrubReport> report = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> report.set(scrub.scrub()));
        assertThat(report.get().problems()).extracting(ScrubReport.Problem::sha256).doesNotContain(sha);

        AtomicReference<BackupInfo> backup = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> backup.set(backups.create()));
        java.nio.file.Path copied = backups.backupDir().resolve(backup.get().name()).resolve("objects").resolve(key);
        assertThat(java.nio.file.Files.size(copied)).isEqualTo(weights.length);
    }

    /** Moved from StorageGcTest: the suite's default context has no S3 server. */
    @Test
    void incomplete_multipart_uploads_are_aborted_by_the_sweep() throws Exception {
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(s3.endpoint().toString())
                .region(storage.region()).credentials(s3.accessKey(), s3.secretKey()).build();
        String uploadId = client.createMultipartUploadAsync(storage.bucket(), null, "blobs/crashed-" + java.util.UUID.randomUUID(),
                null, null).get().result().uploadId();
        assertThat(s3.incompleteUploadIds(storage.bucket())).contains(uploadId);

        assertThat(artifacts.abortIncompleteUploads(Duration.ofHours(1))).as("a fresh upload is left alone").isZero();
        assertThat(artifacts.abortIncompleteUploads(Duration.ZERO)).isGreaterThanOrEqualTo(1);

        assertThat(s3.incompleteUploadIds(storage.bucket())).doesNotContain(uploadId);
    }

    private List<String> uploads() {
        List<String> keys = new ArrayList<>();
        store.list(BlobStore.UPLOAD_PREFIX, s -> keys.add(s.key()));
        keys.sort(null);
        return keys;
    }
}
