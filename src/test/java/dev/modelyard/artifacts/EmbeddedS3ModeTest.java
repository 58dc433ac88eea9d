package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.internal.BlobLedger;
import dev.modelyard.artifacts.storage.BlobStore;
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

    private List<String> uploads() {
        List<String> keys = new ArrayList<>();
        store.list(BlobStore.UPLOAD_PREFIX, s -> keys.add(s.key()));
        keys.sort(null);
        return keys;
    }
}
