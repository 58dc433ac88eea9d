package dev.modelyard.jobs.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.SortDirection;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.RunService;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import dev.modelyard.support.KaribuSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;

/**
 * The experiment comparison page (a sortable table of params and final metrics, one metric charted across the
 * selected runs) and runs started from outside, listed with the jobs as having no command.
 */
@IntegrationTest
@Timeout(120)
class ExperimentCompareViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    RunService runs;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    record Runs(String experiment, String a, String b, String c) {
    }

    private Runs threeRuns() {
        String experiment = "compare-" + UUID.randomUUID().toString().substring(0, 8);
        String[] ids = new String[3];
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            long id = runs.createExperiment(experiment, Map.of()).id();
            double[] finalLoss = {0.3, 0.1, 0.2};
            String[] lr = {"0.1", "0.01", "0.001"};
            for (int i = 0; i < 3; i++) {
                ids[i] = runs.createRun(new CreateRunCommand(id, "run-" + (char) ('a' + i) + (i == 2 ? "<b>" : ""),
                        java.time.Instant.ofEpochMilli(1000L * (i + 1)), Map.of())).runId();
                List<MetricPoint> points = new ArrayList<>();
                for (int step = 0; step < 10; step++) {
                    points.add(new MetricPoint("loss", step == 9 ? finalLoss[i] : 1.0 - step * 0.05, 100 + step, step));
                }
                if (i != 1) {
                    points.add(new MetricPoint("acc", 0.8 + i * 0.05, 200, 0));
                }
                runs.logBatch(ids[i], points, Map.of("lr", lr[i]), Map.of());
            }
        });
        return new Runs(experiment, ids[0], ids[1], ids[2]);
    }

    @SuppressWarnings("unchecked")
    private static Grid<RunDetails> grid() {
        return _get(Grid.class, spec -> spec.withId("experiment-runs-grid"));
    }

    private static List<String> rows() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid()); i++) {
            ids.add(GridKt._get(grid(), i).runId());
        }
        return ids;
    }

    private static String chart() {
        return _get(Div.class, spec -> spec.withId("experiment-metric-chart")).getElement().getProperty("innerHTML");
    }

    @Test
    void the_table_sorts_by_params_and_final_metrics_and_the_chart_follows_the_selection() {
        Runs r = threeRuns();
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, JobListView.class, JobDetailView.class,
                ExperimentCompareView.class);
        UI.getCurrent().navigate("w/default/experiments/" + r.experiment());

        assertThat(_get(com.vaadin.flow.component.html.H2.class, spec -> spec.withId("experiment-title")).getText())
                .isEqualTo(r.experiment());
        // newest first, as MLflow lists runs
        assertThat(rows()).containsExactly(r.c(), r.b(), r.a());
        assertThat(grid().getColumns()).extracting(Grid.Column::getKey)
                .containsExactly("run", "status", "started", "param:lr", "metric:acc", "metric:loss");
        assertThat(GridKt._getFormatted(grid(), 0, "metric:loss")).isEqualTo("0.2");
        assertThat(GridKt._getFormatted(grid(), 1, "metric:acc")).isEmpty();

        grid().sort(GridSortOrder.asc(grid().getColumnByKey("metric:loss")).build());
        assertThat(rows()).containsExactly(r.b(), r.c(), r.a());
        grid().sort(List.of(new GridSortOrder<>(grid().getColumnByKey("metric:acc"), SortDirection.DESCENDING)));
        // the grid reverses the comparator when descending, so the run without the metric (b) comes first here
        assertThat(rows()).containsExactly(r.b(), r.c(), r.a());
        grid().sort(GridSortOrder.asc(grid().getColumnByKey("param:lr")).build());
        assertThat(rows()).containsExactly(r.c(), r.b(), r.a());

        // all three start selected; the chart draws the chosen metric for each, names escaped
        Select<String> metric = _get(Select.class, spec -> spec.withId("experiment-chart-metric"));
        assertThat(metric.getValue()).isEqualTo("acc");
        metric.setValue("loss");
        String svg = chart();
        assertThat(svg).startsWith("<svg").contains("loss over steps, 3 of 3 runs");
        assertThat(svg.split("<polyline").length - 1).isEqualTo(3);
        assertThat(svg).contains("run-c&lt;b&gt;").doesNotContain("<b>").contains("var(--lumo-success-color)");

        grid().deselect(GridKt._get(grid(), 0));
        assertThat(chart()).contains("loss over steps, 2 of 3 runs");
        assertThat(chart().split("<polyline").length - 1).isEqualTo(2);
        metric.setValue("acc");
        assertThat(chart()).contains("(not logged)");
        grid().deselectAll();
        assertThat(chart()).contains("no runs selected");
    }

    @Test
    void an_unknown_experiment_goes_back_to_the_jobs() {
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, JobListView.class, JobDetailView.class,
                ExperimentCompareView.class);
        UI.getCurrent().navigate("w/default/experiments/no-such-experiment-" + UUID.randomUUID());
        assertThat(_find(JobListView.class)).hasSize(1);
        assertThat(_find(ExperimentCompareView.class)).isEmpty();
    }

    @Test
    void runs_started_from_outside_are_listed_with_the_jobs_as_having_no_command() {
        TestUsers.ensureCreated(users);
        Runs r = threeRuns();
        Map<?, ?> page = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForObject("/api/v1/jobs?experiment=" + r.experiment(), Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(i -> i.get("name")).containsExactlyInAnyOrder(r.a(), r.b(), r.c());
        assertThat(items).allSatisfy(i -> {
            assertThat(i.get("hasCommand")).isEqualTo(false);
            assertThat(i.get("compute")).isEqualTo("external");
        });

        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, JobListView.class, JobDetailView.class,
                ExperimentCompareView.class);
        UI.getCurrent().navigate("w/default/jobs", com.vaadin.flow.router.QueryParameters.of("experiment", r.experiment()));
        @SuppressWarnings("unchecked")
        Grid<JobListView.JobRow> jobs = _get(Grid.class, spec -> spec.withId("jobs-grid"));
        assertThat(GridKt._size(jobs)).isEqualTo(3);
        assertThat(GridKt._getFormatted(jobs, 0, "compute")).isEqualTo("external · no command");
        // the experiment's comparison page is one click away
        com.vaadin.flow.component.html.Anchor compare = _get(com.vaadin.flow.component.html.Anchor.class,
                spec -> spec.withText("Compare runs of " + r.experiment()));
        assertThat(compare.getHref()).isEqualTo("w/default/experiments/" + r.experiment());
    }
}
