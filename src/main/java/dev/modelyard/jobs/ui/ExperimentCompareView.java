package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.base.ui.SvgChart;
import dev.modelyard.jobs.RunRecords.ExperimentDetails;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.RunSearchService;
import dev.modelyard.jobs.RunService;
import dev.modelyard.jobs.TrackingSearch;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An experiment's runs side by side: a table of their params and final (latest) metrics, every column sortable,
 * and one chosen metric charted over steps for the selected runs (server-rendered SVG, docs/decisions/014). The
 * newest {@value #MAX_RUNS} active runs are shown; the route is {@code experiments/<name>}.
 */
@Route(WorkspaceRoutes.PREFIX + "experiments/:" + ExperimentCompareView.PARAM_NAME)
@PermitAll
class ExperimentCompareView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String PARAM_NAME = "name";
    static final int MAX_RUNS = 500;
    /** Runs selected when the page opens, so the chart shows something at once. */
    static final int PRESELECTED = 5;

    private final RunService runs;
    private final RunSearchService search;
    private final Grid<RunDetails> grid = new Grid<>();
    private final Select<String> metric = new Select<>();
    private final Div chart = new Div();
    private ExperimentDetails experiment;

    ExperimentCompareView(RunService runs, RunSearchService search) {
        this.runs = runs;
        this.search = search;
        setSizeFull();
        addClassName("experiment-compare-view");
    }

    /**
     * A link to an experiment's comparison page, in the current workspace: a router link by path, so views that
     * show it do not need this route registered (the name is one URL path segment, encoded).
     */
    static com.vaadin.flow.component.html.Anchor link(String text, String experimentName) {
        String segment = java.net.URLEncoder.encode(experimentName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        com.vaadin.flow.component.html.Anchor link = new com.vaadin.flow.component.html.Anchor(
                WorkspaceRoutes.path("experiments/" + segment), text);
        link.getElement().setAttribute("router-link", true);
        link.addClassName("experiment-link");
        return link;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get(PARAM_NAME).orElse("");
        try {
            experiment = runs.experimentByName(name);
        } catch (NotFoundException e) {
            Notification.show("Experiment " + SafeText.quote(name, 80) + " does not exist", 6000,
                    Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
            event.forwardTo(JobListView.class, WorkspaceRoutes.params());
            return;
        }
        List<RunDetails> found = search.runs(List.of(experiment.id()), Set.of(RunService.ACTIVE),
                new TrackingSearch(List.of(), List.of(), 0, MAX_RUNS + 1));
        show(found);
    }

    @Override
    public String getPageTitle() {
        return experiment == null ? "Experiment · Modelyard" : experiment.name() + " · Experiments · Modelyard";
    }

    private void show(List<RunDetails> found) {
        removeAll();
        H2 title = new H2(experiment.name());
        title.setId("experiment-title");
        RouterLink jobs = new RouterLink("All jobs of this experiment", JobListView.class, WorkspaceRoutes.params());
        jobs.setQueryParameters(QueryParameters.simple(Map.of(JobListView.PARAM_EXPERIMENT, experiment.name())));
        jobs.setId("experiment-jobs-link");
        HorizontalLayout header = new HorizontalLayout(title, jobs);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header);
        List<RunDetails> shown = found.size() > MAX_RUNS ? found.subList(0, MAX_RUNS) : found;
        if (found.size() > MAX_RUNS) {
            Span more = new Span("Showing the newest " + MAX_RUNS + " runs; search older ones through the MLflow API.");
            more.setId("experiment-runs-truncated");
            add(more);
        }
        configureGrid(shown);
        Set<String> metricKeys = new TreeSet<>();
        shown.forEach(r -> r.metrics().forEach(m -> metricKeys.add(m.key())));
        metric.setLabel("Chart metric");
        metric.setId("experiment-chart-metric");
        metric.setItems(metricKeys);
        metric.setEmptySelectionAllowed(false);
        metric.setVisible(!metricKeys.isEmpty());
        chart.setId("experiment-metric-chart");
        chart.addClassName("metric-chart");
        chart.setWidthFull();
        if (!metricKeys.isEmpty()) {
            metric.setValue(metricKeys.iterator().next());
        }
        shown.stream().limit(PRESELECTED).forEach(grid::select);
        metric.addValueChangeListener(e -> redraw());
        grid.addSelectionListener(e -> redraw());
        add(grid, metric, chart);
        redraw();
    }

    private void configureGrid(List<RunDetails> shown) {
        grid.removeAllColumns();
        grid.setId("experiment-runs-grid");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addComponentColumn(r -> {
            RouterLink link = new RouterLink(r.runName(), JobDetailView.class,
                    WorkspaceRoutes.params(JobDetailView.PARAM_NAME, r.runId()));
            link.getElement().setAttribute("title", r.runId());
            return link;
        }).setHeader("Run").setKey("run").setComparator(Comparator.comparing(RunDetails::runName))
                .setSortable(true).setFrozen(true).setAutoWidth(true).setResizable(true);
        grid.addComponentColumn(r -> JobBadges.status(r.status())).setHeader("Status").setKey("status")
                .setComparator(Comparator.comparing(r -> r.status().wireName())).setSortable(true).setAutoWidth(true);
        grid.addColumn(r -> DisplayFormats.dateTimeSeconds(r.startTime())).setHeader("Started").setKey("started")
                .setComparator(Comparator.comparing(RunDetails::startTime)).setSortable(true).setAutoWidth(true);
        Set<String> params = new TreeSet<>();
        Set<String> metrics = new TreeSet<>();
        shown.forEach(r -> {
            params.addAll(r.params().keySet());
            r.metrics().forEach(m -> metrics.add(m.key()));
        });
        for (String key : params) {
            grid.addColumn(r -> r.params().getOrDefault(key, "")).setHeader(key).setKey("param:" + key)
                    .setComparator(Comparator.comparing((RunDetails r) -> r.params().get(key),
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .setSortable(true).setAutoWidth(true).setResizable(true).setPartNameGenerator(r -> "param");
        }
        for (String key : metrics) {
            grid.addColumn(r -> latest(r, key) == null ? "" : format(latest(r, key))).setHeader(key).setKey("metric:" + key)
                    .setComparator(Comparator.comparing((RunDetails r) -> latest(r, key),
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .setSortable(true).setAutoWidth(true).setResizable(true).setTextAlign(ColumnTextAlign.END);
        }
        grid.setItems(shown);
        grid.setEmptyStateText("No runs in this experiment yet");
        grid.setWidthFull();
        grid.setHeight("24rem");
    }

    /** The run's final value of a metric: its latest point (highest step, then time), as MLflow reports it. */
    static Double latest(RunDetails run, String key) {
        return run.metrics().stream().filter(m -> m.key().equals(key)).map(MetricPoint::value).findFirst().orElse(null);
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1") : String.valueOf(v);
    }

    /** Draws the chosen metric over steps for the selected runs, in the grid's order. */
    private void redraw() {
        String key = metric.getValue();
        if (key == null) {
            chart.getElement().setProperty("innerHTML", "");
            chart.setText(grid.getListDataView().getItemCount() == 0 ? "" : "No metrics logged in this experiment yet.");
            return;
        }
        Set<RunDetails> selected = grid.getSelectedItems();
        List<SvgChart.Series> series = new ArrayList<>();
        grid.getListDataView().getItems().filter(selected::contains).forEach(r -> {
            List<MetricPoint> history = runs.metricHistory(r.runId(), key);
            series.add(new SvgChart.Series(r.runName() + " (" + r.runId() + ")",
                    history.stream().mapToLong(MetricPoint::step).toArray(),
                    history.stream().mapToDouble(MetricPoint::value).toArray()));
        });
        chart.getElement().setAttribute("data-metric", key);
        chart.getElement().setProperty("innerHTML", SvgChart.lines(key + " over steps, " + series.size() + " of "
                + grid.getListDataView().getItemCount() + " runs", series));
    }
}
