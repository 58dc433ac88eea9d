package dev.modelyard.jobs.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.RunRecords.CreateRunCommand;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunService;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The job page's Metrics tab: one SVG chart per logged metric, params and tags beside, redrawn as points arrive. */
@IntegrationTest
class MetricsTabTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    RunService runs;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void each_metric_gets_a_chart_over_its_steps_and_new_points_redraw_it() {
        String[] run = new String[1];
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            long experiment = runs.createExperiment("metrics-tab-" + UUID.randomUUID(), Map.of()).id();
            run[0] = runs.createRun(new CreateRunCommand(experiment, "charted", null, Map.of("owner", "carl"))).runId();
            List<MetricPoint> points = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                points.add(new MetricPoint("loss", 1.0 / (step + 1), 1000 + step, step));
                points.add(new MetricPoint("acc", step / 50.0, 1000 + step, step));
            }
            runs.logBatch(run[0], points, Map.of("alpha", "0.5"), Map.of());
        });
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER, JobListView.class, JobDetailView.class);
        JobDetailView.open(run[0]);
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("job-tabs"));
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTabAt(i).getLabel().equals("Metrics")) {
                tabs.setSelectedIndex(i);
            }
        }

        List<Div> charts = _find(Div.class, spec -> spec.withClasses("metric-chart"));
        assertThat(charts).extracting(c -> c.getElement().getAttribute("data-metric")).containsExactly("acc", "loss");
        String loss = charts.get(1).getElement().getProperty("innerHTML");
        assertThat(loss).startsWith("<svg").contains("<polyline").contains("var(--lumo-primary-color)")
                .contains("loss (50 points)");
        assertThat(loss.split("<polyline")[1].split("points=\"")[1].split("\"")[0].split(" ")).hasSize(50);
        assertThat(dev.modelyard.base.ui.SvgChart.line("a<script>", new long[] {0, 1}, new double[] {Double.NaN, 2}))
                .contains("a&lt;script&gt;").doesNotContain("<script>").contains("<polyline");
        assertThat(_get(Div.class, spec -> spec.withId("job-run-params")).getElement().getTextRecursively()).contains("alpha = 0.5");
        assertThat(_get(Div.class, spec -> spec.withId("job-run-tags")).getElement().getTextRecursively()).contains("owner = carl");

        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () ->
                runs.logBatch(run[0], List.of(new MetricPoint("f1", 0.7, 2000, 0)), Map.of(), Map.of()));
        _get(MetricsTab.class).refresh(); // as the signed-in viewer, in the view's workspace
        assertThat(_find(Div.class, spec -> spec.withClasses("metric-chart"))).hasSize(3);

        // the registry's view of the same run, as the version page draws it
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(metricsLookup.metrics(run[0]))
                .extracting(dev.modelyard.models.RunMetricsLookup.Series::key).containsExactly("acc", "f1", "loss"));
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(metricsLookup.metrics("no_such_run")).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_version_page_charts_the_metrics_of_the_run_its_version_came_from() throws Exception {
        String model = "run-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            long experiment = runs.createExperiment("version-metrics-" + UUID.randomUUID(), Map.of()).id();
            String run = runs.createRun(new CreateRunCommand(experiment, null, null, Map.of())).runId();
            runs.logBatch(run, List.of(new MetricPoint("loss", 0.5, 1, 0), new MetricPoint("loss", 0.25, 2, 1)), Map.of(), Map.of());
            runs.logArtifact(run, "model/MLmodel", new java.io.ByteArrayInputStream(
                    "flavors:\n  python_function: {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            models.registerFromSource(new dev.modelyard.models.RegisterModelCommand(model, null, null, null, Map.of(),
                    Map.of(), null), "runs:/" + run + "/model", null, null);
        });
        KaribuSupport.signIn(context, TestUsers.READER, AppRole.READER,
                (Class<? extends com.vaadin.flow.component.Component>) Class.forName("dev.modelyard.models.ui.ModelDetailView"),
                (Class<? extends com.vaadin.flow.component.Component>) Class.forName("dev.modelyard.models.ui.ModelListView"));
        dev.modelyard.models.ui.ModelsNavigation.toVersion(model, 1);
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("version-tabs"));
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTabAt(i).getLabel().equals("Run metrics")) {
                tabs.setSelectedIndex(i);
            }
        }
        List<Div> charts = _find(Div.class, spec -> spec.withClasses("metric-chart"));
        assertThat(charts).extracting(c -> c.getElement().getAttribute("data-metric")).containsExactly("loss");
        assertThat(charts.get(0).getElement().getProperty("innerHTML")).contains("loss (2 points)");
    }

    @Autowired
    dev.modelyard.models.ModelService models;

    @Autowired
    dev.modelyard.models.RunMetricsLookup metricsLookup;
}
