package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.Dataset;
import dev.modelyard.jobs.RunRecords.DatasetInput;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.TrackingSearch.Kind;
import dev.modelyard.jobs.TrackingSearch.Op;
import dev.modelyard.jobs.TrackingSearch.Order;
import dev.modelyard.jobs.TrackingSearch.Term;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.PostgresIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The tracking search's queries and the run tables of V052/V053 on PostgreSQL: latest-metric filters, param and
 * status terms, ordering with missing values last and MLflow's tie-breaks, datasets with a large profile.
 */
@PostgresIntegrationTest
class PostgresRunSearchTest {

    @Autowired
    RunService runs;
    @Autowired
    RunSearchService search;

    @Test
    void runs_are_filtered_and_ordered_as_on_h2() {
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.ADMIN, () -> {
            long experiment = runs.createExperiment("pg-search-" + UUID.randomUUID(), Map.of("team", "risk")).id();
            String a = runs.createRun(new CreateRunCommand(experiment, "a", Instant.ofEpochMilli(1000), Map.of())).runId();
            String b = runs.createRun(new CreateRunCommand(experiment, "b", Instant.ofEpochMilli(2000), Map.of())).runId();
            String c = runs.createRun(new CreateRunCommand(experiment, "c", Instant.ofEpochMilli(3000), Map.of())).runId();
            runs.logBatch(a, List.of(new MetricPoint("acc", 0.95, 1, 0), new MetricPoint("acc", 0.7, 2, 1)), Map.of("lr", "0.1"), Map.of());
            runs.logBatch(b, List.of(new MetricPoint("acc", 0.8, 1, 0)), Map.of("lr", "0.01"), Map.of("team", "Vision"));
            runs.updateRun(b, JobStatus.COMPLETED, Instant.ofEpochMilli(5000), null);
            runs.logInputs(a, List.of(new DatasetInput(new Dataset("iris", "abc", "local", "{}", "{\"s\": 1}", "p".repeat(100_000)),
                    Map.of(RunRecords.DATASET_CONTEXT_TAG, "train"))));

            assertThat(ids(experiment, List.of(new Term(Kind.METRIC, "acc", Op.GT, List.of("0.75"))), List.of())).containsExactly(b);
            assertThat(ids(experiment, List.of(new Term(Kind.PARAM, "lr", Op.LIKE, List.of("0.%"))), List.of())).containsExactly(b, a);
            assertThat(ids(experiment, List.of(new Term(Kind.TAG, "team", Op.ILIKE, List.of("vis%"))), List.of())).containsExactly(b);
            assertThat(ids(experiment, List.of(new Term(Kind.ATTRIBUTE, "status", Op.EQ, List.of("FINISHED"))), List.of()))
                    .containsExactly(b);
            assertThat(ids(experiment, List.of(new Term(Kind.ATTRIBUTE, "start_time", Op.GE, List.of("2000"))), List.of()))
                    .containsExactly(c, b);
            assertThat(ids(experiment, List.of(new Term(Kind.DATASET, "context", Op.IN, List.of("train", "eval"))), List.of()))
                    .containsExactly(a);
            assertThat(ids(experiment, List.of(), List.of(new Order(Kind.METRIC, "acc", false)))).containsExactly(b, a, c);
            assertThat(ids(experiment, List.of(), List.of(new Order(Kind.PARAM, "lr", true)))).containsExactly(b, a, c);
            assertThat(ids(experiment, List.of(), List.of(new Order(Kind.ATTRIBUTE, "status", true)))).containsExactly(b, c, a);

            RunDetails withData = runs.run(a);
            assertThat(withData.metrics()).extracting(MetricPoint::value).containsExactly(0.7);
            assertThat(withData.inputs()).singleElement().satisfies(i -> assertThat(i.dataset().profile()).hasSize(100_000));
            assertThat(search.experiments(Set.of(RunService.ACTIVE), new TrackingSearch(
                    List.of(new Term(Kind.TAG, "team", Op.EQ, List.of("risk")), new Term(Kind.ATTRIBUTE, "creation_time", Op.GT,
                            List.of("0"))), List.of(new Order(Kind.ATTRIBUTE, "last_update_time", false)), 0, 10)))
                    .extracting(RunRecords.ExperimentDetails::id).contains(experiment);
        });
    }

    private List<String> ids(long experiment, List<Term> terms, List<Order> orders) {
        return search.runs(List.of(experiment), Set.of(RunService.ACTIVE), new TrackingSearch(terms, orders, 0, 100)).stream()
                .map(RunDetails::runId).toList();
    }
}
