package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.base.ui.SvgChart;
import dev.modelyard.models.RunMetricsLookup;
import java.util.List;

/** The metrics of the run a version came from, one SVG chart each (the same charts as the job page). */
class RunMetricsTab extends VerticalLayout {

    RunMetricsTab(RunMetricsLookup lookup, String runId) {
        setPadding(false);
        setId("version-run-metrics");
        List<RunMetricsLookup.Series> metrics = lookup.metrics(runId);
        add(new Span("Logged by run " + runId + "."));
        if (metrics.isEmpty()) {
            add(new Span("The run logged no metrics."));
        }
        for (RunMetricsLookup.Series s : metrics) {
            Div chart = new Div();
            chart.addClassName("metric-chart");
            chart.getElement().setAttribute("data-metric", s.key());
            chart.getElement().setProperty("innerHTML", SvgChart.line(s.key() + " (" + s.values().length + " points)",
                    s.steps(), s.values()));
            add(chart);
        }
    }
}
