package dev.modelyard.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.artifacts.storage.StorageProperties;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Issue 11 §7: the storage garbage collector and the abort of incomplete multipart uploads. */
@IntegrationTest
@Timeout(120)
class StorageGcTest {

    @Autowired
    StorageGc gc;
    @Autowired
    StorageScrub scrub;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    ModelService models;
    @Autowired
    BlobStore blobs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    StorageProperties storage;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    private static final Timestamp LONG_AGO = Timestamp.from(Instant.now().minus(Duration.ofDays(2)));

    /** Stores content and binds it into a manifest nothing references, as a version deleted later would leave it. */
    private long orphanManifest(String content) {
        StoredFiles stored;
        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", content))) {
            stored = artifacts.store(staged);
        }
        long id = transactions.execute(tx -> artifacts.saveManifest(stored));
        jdbc.update("update manifest set created_at = ? where id = ?", LONG_AGO, id);
        jdbc.update("update blob set last_claimed_at = ? where sha256 = ?", LONG_AGO, stored.files().get(0).sha256());
        return id;
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static String key(String sha) {
        return "blobs/sha256/" + sha.substring(0, 2) + "/" + sha;
    }

    @Test
    void a_dry_run_reports_an_unreferenced_manifest_and_its_bytes_and_the_collection_frees_them() throws Exception {
        String content = "deleted version " + UUID.randomUUID();
        long manifest = orphanManifest(content);
        String kept = "kept " + UUID.randomUUID();
        AtomicReference<ModelVersionDetails> version = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", kept))) {
                version.set(models.register(ModelTestData.custom(ModelTestData.uniqueName("gc")), staged));
            }
        });
        jdbc.update("update blob set last_claimed_at = ? where sha256 = ?", LONG_AGO, sha256(kept));

        StorageGcReport dry = gc.collect(true, storage.orphanGrace());

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.manifests()).isGreaterThanOrEqualTo(1);
        assertThat(dry.blobs()).isGreaterThanOrEqualTo(1);
        assertThat(dry.bytes()).isGreaterThanOrEqualTo(content.length());
        assertThat(blobs.stat(key(sha256(content)))).as("a dry run deletes nothing").isPresent();
        assertThat(jdbc.queryForObject("select count(*) from manifest where id = ?", Integer.class, manifest)).isOne();

        StorageGcReport done = gc.collect(false, storage.orphanGrace());

        assertThat(done.dryRun()).isFalse();
        assertThat(done.manifests()).isGreaterThanOrEqualTo(1);
        assertThat(done.bytes()).isGreaterThanOrEqualTo(content.length());
        assertThat(blobs.stat(key(sha256(content)))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from manifest where id = ?", Integer.class, manifest)).isZero();
        assertThat(blobs.stat(key(sha256(kept)))).as("a version's content stays").isPresent();
        assertThat(gc.collect(true, storage.orphanGrace()).manifests()).isZero();
    }

    @Test
    void an_object_without_a_ledger_row_is_collected_only_after_the_grace_period() throws Exception {
        String content = "unledgered " + UUID.randomUUID();
        String sha = sha256(content);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        blobs.put(key(sha), new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");

        assertThat(gc.collect(false, Duration.ofHours(1)).unledgeredObjects()).as("too young").isZero();
        assertThat(blobs.stat(key(sha))).isPresent();

        StorageGcReport dry = gc.collect(true, Duration.ZERO);
        assertThat(dry.unledgeredObjects()).isGreaterThanOrEqualTo(1);
        assertThat(blobs.stat(key(sha))).isPresent();

        gc.collect(false, Duration.ZERO);
        assertThat(blobs.stat(key(sha))).isEmpty();
    }

    /**
     * The filesystem default with an object the ledger names under an {@code uploads/} key (as a data directory
     * written in embedded mode has): the collector keeps it and the scrub re-hashes it where the ledger says.
     */
    @Test
    void an_object_the_ledger_names_under_an_upload_key_is_kept_and_scrubbed_there() throws Exception {
        String content = "streamed " + UUID.randomUUID();
        String sha = sha256(content);
        String name = ModelTestData.uniqueName("gc-upload-key");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", content))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        String uploadKey = BlobStore.UPLOAD_PREFIX + UUID.randomUUID();
        blobs.copy(key(sha), uploadKey);
        blobs.delete(key(sha));
        jdbc.update("update blob set object_key = ?, last_claimed_at = ? where sha256 = ?", uploadKey, LONG_AGO, sha);

        gc.collect(false, Duration.ZERO);

        assertThat(blobs.stat(uploadKey)).as("named by the ledger: not an unnamed upload").isPresent();
        AtomicReference<ScrubReport> report = new AtomicReference<>();
        TestUsers.runAs("admin", AppRole.ADMIN, () -> report.set(scrub.scrub()));
        assertThat(report.get().problems()).extracting(ScrubReport.Problem::sha256).doesNotContain(sha);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (java.io.InputStream in = models.openFile(dev.modelyard.models.VersionRef.of(name, "1"), "model.bin")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Orphans (old claims, nothing referencing them) of the very content being registered while the collector runs:
     * whatever the interleaving, no version may end up pointing at a deleted object.
     */
    @Test
    void registrations_of_orphaned_content_while_the_collector_runs_never_lose_their_objects() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<ModelVersionDetails> registered = new ArrayList<>();
        try {
            for (int round = 0; round < 15; round++) {
                String content = "raced " + round + " " + UUID.randomUUID();
                orphanManifest(content);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<ModelVersionDetails> registration = pool.submit(() -> {
                    start.await();
                    AtomicReference<ModelVersionDetails> out = new AtomicReference<>();
                    TestUsers.runAs("admin", AppRole.ADMIN, () -> {
                        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", content))) {
                            out.set(models.register(ModelTestData.custom(ModelTestData.uniqueName("race")), staged));
                        }
                    });
                    return out.get();
                });
                Future<StorageGcReport> collection = pool.submit(() -> {
                    start.await();
                    return gc.collect(false, storage.orphanGrace());
                });
                collection.get();
                registered.add(registration.get());
            }
        } finally {
            pool.shutdownNow();
        }
        gc.collect(false, storage.orphanGrace());
        for (ModelVersionDetails version : registered) {
            List<String> shas = jdbc.queryForList("select e.sha256 from manifest_entry e join model_version v "
                    + "on v.manifest_id = e.manifest_id join registered_model m on m.id = v.model_id "
                    + "where m.name = ? and v.version = ?", String.class, version.name(), version.version());
            assertThat(shas).isNotEmpty();
            shas.forEach(sha -> assertThat(blobs.stat(key(sha))).as("object of " + version.name()).isPresent());
        }
    }

    @Test
    void the_api_runs_a_dry_run_for_admins_only() {
        TestUsers.ensureCreated(users);
        ResponseEntity<Map> admin = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD)
                .exchange("/api/v1/admin/storage/gc?dryRun=true", HttpMethod.POST, HttpEntity.EMPTY, Map.class);
        assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin.getBody()).containsEntry("dryRun", true).containsKeys("blobs", "bytes", "manifests");

        ResponseEntity<Map> last = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD)
                .getForEntity("/api/v1/admin/storage/gc", Map.class);
        assertThat(last.getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<Map> contributor = rest.withBasicAuth(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD)
                .exchange("/api/v1/admin/storage/gc?dryRun=true", HttpMethod.POST, HttpEntity.EMPTY, Map.class);
        assertThat(contributor.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
