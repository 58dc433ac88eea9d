package dev.modelyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.security.AppRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * Server time of the Models view's first page (and of typical searches) over 10,000 seeded versions.
 * Run with {@code ./mvnw -Pbench verify}; prints a table and writes target/benchmarks/models-page.txt.
 * Figures are printed, not asserted: a timed assertion would only measure the machine.
 */
@IntegrationTest
class ModelsPageBenchmark {

    private static final int MODELS = 2_000;
    private static final int VERSIONS_PER_MODEL = 5;
    private static final int WARMUP = 20;
    private static final int RUNS = 100;

    @Autowired
    ModelService models;
    @Autowired
    DataSource dataSource;

    @Test
    void models_view_first_page_over_ten_thousand_versions() throws Exception {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        long seedStart = System.nanoTime();
        RegistrySeeder.seed(dataSource, prefix, MODELS, VERSIONS_PER_MODEL);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        // what the grid asks for on open: 50 rows sorted by name (Vaadin's default page size)
        PageRequest firstPage = PageRequest.of(0, 50, Sort.by("name"));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "seeded %d models x %d versions (%,d versions, 5 tags each) in %.1f s",
                MODELS, VERSIONS_PER_MODEL, MODELS * VERSIONS_PER_MODEL, seedSeconds));
        lines.add(String.format(Locale.ROOT, "%-62s %8s %8s %8s", "query (first page, 50 rows)", "p50 ms", "p95 ms", "max ms"));
        for (String query : List.of("", "team=fraud", "(team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9",
                "auc>=0.9", "name~" + prefix + "-1*")) {
            ModelFilter filter = ModelFilter.all().withQuery(query.isEmpty() ? null : query);
            double[] ms = time(() -> assertThat(models.searchModels(filter, firstPage)).isNotEmpty());
            lines.add(String.format(Locale.ROOT, "%-62s %8.1f %8.1f %8.1f",
                    "Models view: " + (query.isEmpty() ? "(no query)" : query), ms[0], ms[1], ms[2]));
        }
        double[] versions = time(() -> assertThat(models.searchVersions(ModelFilter.all(), firstPage)).isNotEmpty());
        lines.add(String.format(Locale.ROOT, "%-62s %8.1f %8.1f %8.1f", "All versions toggle: (no query)",
                versions[0], versions[1], versions[2]));
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, Java " + System.getProperty("java.version"));

        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "models-page.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /** p50, p95 and max in milliseconds of {@code RUNS} timed calls after a warm-up. */
    private double[] time(Runnable call) {
        double[] result = new double[3];
        TestUsers.runAs("bench", AppRole.READER, () -> {
            for (int i = 0; i < WARMUP; i++) {
                call.run();
            }
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                call.run();
                samples.add((System.nanoTime() - start) / 1e6);
            }
            Collections.sort(samples);
            result[0] = samples.get(RUNS / 2);
            result[1] = samples.get((int) Math.ceil(RUNS * 0.95) - 1);
            result[2] = samples.get(RUNS - 1);
        });
        return result;
    }
}
