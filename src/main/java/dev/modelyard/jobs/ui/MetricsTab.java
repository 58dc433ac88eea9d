package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.base.ui.SvgChart;
import dev.modelyard.jobs.RunRecords.MetricPoint;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.RunService;
import java.util.List;
import java.util.Map;

/**
 * What the job logged as an MLflow run: one server-rendered SVG chart per metric over its steps, with params and
 * tags beside. {@link #refresh} redraws only when new points arrived, so the page can call it every tick while
 * the job runs.
 */
class MetricsTab extends FlexLayout {

    private final RunService runs;
    private final String name;
    private final VerticalLayout charts = new VerticalLayout();
    private final VerticalLayout side = new VerticalLayout();
    private long shownPoints = -1;

    MetricsTab(RunService runs, String name) {
        this.runs = runs;
        this.name = name;
        setFlexWrap(FlexWrap.WRAP);
        setWidthFull();
        charts.setId("job-metric-charts");
        charts.setPadding(false);
        charts.setWidth("auto");
        side.setId("job-run-data");
        side.setPadding(false);
        side.setWidth("auto");
        side.getStyle().set("min-width", "16rem");
        add(charts, side);
        refresh();
    }

    /** Redraws if the run has logged points since the last drawing. */
    void refresh() {
        Map<String, List<MetricPoint>> metrics = runs.allMetrics(name);
        long points = metrics.values().stream().mapToLong(List::size).sum();
        if (points == shownPoints) {
            return;
        }
        shownPoints = points;
        charts.removeAll();
        if (metrics.isEmpty()) {
            charts.add(new Span("No metrics logged yet. A job logs them through MLflow (MLFLOW_TRACKING_URI and "
                    + "MLFLOW_RUN_ID are set in its environment)."));
        }
        metrics.forEach((key, series) -> {
            long[] steps = series.stream().mapToLong(MetricPoint::step).toArray();
            double[] values = series.stream().mapToDouble(MetricPoint::value).toArray();
            Div chart = new Div();
            chart.addClassName("metric-chart");
            chart.getElement().setAttribute("data-metric", key);
            chart.getElement().setProperty("innerHTML", SvgChart.line(key + " (" + series.size() + " points)", steps, values));
            charts.add(chart);
        });
        RunDetails run = runs.run(name);
        side.removeAll();
        side.add(new H4("Params"), pairs("job-run-params", run.params()), new H4("Tags"), pairs("job-run-tags", run.tags()));
    }

    private static Div pairs(String id, Map<String, String> values) {
        Div list = new Div();
        list.setId(id);
        if (values.isEmpty()) {
            list.add(new Span("none"));
        }
        values.forEach((k, v) -> {
            Div row = new Div(new Span(k + " = "), new Span(v));
            row.addClassName("run-pair");
            list.add(row);
        });
        return list;
    }
}
