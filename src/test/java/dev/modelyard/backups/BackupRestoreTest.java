package dev.modelyard.backups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.ModelyardApplication;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An online backup taken while registrations go on, restored into a fresh data directory, and a Modelyard started
 * there: every version acknowledged before the backup began is there with its bytes.
 */
@IntegrationTest
@Timeout(300)
class BackupRestoreTest {

    private static final int WRITERS = 3;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;

    /** One acknowledged registration: the model version and the content of its one file. */
    record Acknowledged(String name, int version, String content) {
    }

    @Test
    void a_backup_taken_during_registrations_restores_into_a_new_directory_with_every_acknowledged_version()
            throws Exception {
        TestUsers.ensureCreated(users);
        String prefix = ModelTestData.uniqueName("backup");
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(WRITERS * 3);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String name = prefix + "-" + w;
            running.add(writers.submit(() -> TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
                while (!stop.get()) {
                    String content = "weights " + UUID.randomUUID();
                    try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.bin", content))) {
                        ModelVersionDetails v = models.register(ModelTestData.custom(name), staged);
                        acknowledged.add(new Acknowledged(name, v.version(), content));
                    }
                    warmedUp.countDown();
                }
            })));
        }
        List<Acknowledged> beforeBackup;
        ResponseEntity<Map> created;
        ResponseEntity<List> listed;
        try {
            assertThat(warmedUp.await(120, TimeUnit.SECONDS)).as("registrations under way").isTrue();
            beforeBackup = List.copyOf(acknowledged);
            created = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD)
                    .postForEntity("/api/v1/admin/backups", null, Map.class);
            listed = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD).getForEntity("/api/v1/admin/backups", List.class);
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
        }
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        String name = (String) created.getBody().get("name");
        assertThat(name).matches("modelyard-\\d{8}T\\d{6}Z(-\\d+)?");
        assertThat(((Number) created.getBody().get("sizeBytes")).longValue()).isPositive();
        assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/admin/backups/" + name);
        assertThat((List<Map<String, Object>>) listed.getBody()).extracting(b -> b.get("name")).contains(name);
        assertThat(acknowledged.size()).as("registrations went on during the backup").isGreaterThan(beforeBackup.size());

        Path backup = backupDir().resolve(name);
        Path restored = Path.of("target", "test-data", "restored-" + UUID.randomUUID()).toAbsolutePath();
        try (ConfigurableApplicationContext app = startRestored(backup, restored)) {
            ModelService restoredModels = app.getBean(ModelService.class);
            TestUsers.runAs("admin", AppRole.ADMIN, () -> {
                for (Acknowledged a : beforeBackup) {
                    VersionRef ref = new VersionRef(a.name(), a.version());
                    assertThat(restoredModels.version(ref).version()).isEqualTo(a.version());
                    try (InputStream in = restoredModels.openFile(ref, "model.bin")) {
                        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("%s", a).isEqualTo(a.content());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        }
        assertThat(restored.resolve("restored-from")).content().isEqualToIgnoringNewLines(name);
    }

    @Test
    void backups_are_for_admins_only() {
        TestUsers.ensureCreated(users);
        assertThat(rest.postForEntity("/api/v1/admin/backups", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth(TestUsers.CONTRIBUTOR, TestUsers.PASSWORD)
                .postForEntity("/api/v1/admin/backups", null, Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/admin/backups", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Autowired
    BackupService backups;

    private Path backupDir() {
        return backups.backupDir();
    }

    /** A second Modelyard, started on a fresh directory with the restore option, as an operator would start it. */
    private static ConfigurableApplicationContext startRestored(Path backup, Path dataDir) {
        return new SpringApplicationBuilder(ModelyardApplication.class).run(
                "--modelyard.restore-from=" + backup,
                "--modelyard.data-dir=" + dataDir,
                "--server.port=0",
                "--MODELYARD_ADMIN_PASSWORD=" + TestUsers.ADMIN_PASSWORD,
                "--modelyard.storage.cleanup-interval=1h",
                "--vaadin.devmode.devTools.enabled=false",
                "--spring.jmx.enabled=false");
    }
}
