package dev.modelyard.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.security.AppRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/** Exact version numbering under a race; subclasses choose the database. */
abstract class VersionAllocationContract {

    private static final int THREADS = 64;

    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @Test
    void sixty_four_concurrent_registrations_of_a_new_name_get_exactly_versions_1_to_64() throws Exception {
        String name = ModelTestData.uniqueName("race");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    // half share their bytes, half are unique: dedup and numbering race together
                    Map<String, String> files = Map.of("model.bin", n % 2 == 0 ? "shared" : "unique " + n);
                    int[] version = new int[1];
                    try (StagedUpload staged = ModelTestData.stageText(artifacts, files)) {
                        start.await();
                        TestUsers.runAs("racer", AppRole.CONTRIBUTOR,
                                () -> version[0] = models.register(ModelTestData.custom(name), staged).version());
                    }
                    return version[0];
                }));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : results) {
                versions.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, THREADS).boxed().toList());
        } finally {
            pool.shutdownNow();
        }

        List<Integer> stored = new ArrayList<>();
        TestUsers.runAs("checker", AppRole.READER, () -> models.versionsOf(name, ModelFilter.all(), PageRequest.of(0, 100))
                .forEach(v -> stored.add(v.version())));
        assertThat(stored).hasSize(THREADS).doesNotHaveDuplicates();
        TestUsers.runAs("checker", AppRole.READER,
                () -> assertThat(models.nextVersion(name)).isEqualTo(THREADS + 1));
    }
}
