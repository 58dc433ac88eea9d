package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.jobs.JobDetails;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the job record holds, beside its status timeline. Rebuilt by the page when the status changes;
 * {@link #tick} keeps the two running times (duration, time in the current status) current in between.
 */
class OverviewTab extends HorizontalLayout {

    private final Span duration = new Span();
    private final JobDetails job;
    private final StatusTimeline timeline;

    OverviewTab(JobDetails job, Instant now) {
        this.job = job;
        addClassName("job-overview");
        setWidthFull();
        setWrap(true);

        DescriptionList facts = new DescriptionList();
        facts.addClassName("facts");
        fact(facts, "Experiment", ExperimentCompareView.link(job.experimentName(), job.experimentName()));
        Span command = text(job.command() != null ? job.command() : "none: an MLflow run logged from outside");
        command.addClassName("monospace");
        command.setId("job-overview-command");
        fact(facts, "Command", command);
        fact(facts, "Environment", environment(job));
        fact(facts, "Compute", text(job.compute()));
        if (job.queuePosition() != null) {
            fact(facts, "Queue position", text(job.queuePosition() == 1 ? "next" : "#" + job.queuePosition()));
        }
        fact(facts, "Submitted by", text(job.createdBy()));
        fact(facts, "Submitted", text(DisplayFormats.dateTimeSeconds(job.createdAt())));
        fact(facts, "Started", text(DisplayFormats.dateTimeSeconds(job.startedAt())));
        fact(facts, "Ended", text(DisplayFormats.dateTimeSeconds(job.endedAt())));
        duration.setId("job-duration");
        fact(facts, "Duration", duration);
        fact(facts, "Exit code", text(job.exitCode() == null ? null : String.valueOf(job.exitCode())));
        Span reason = text(job.statusReason());
        reason.setId("job-status-reason");
        fact(facts, "Status reason", reason);
        fact(facts, "Timeout", text(job.timeoutSeconds() == null ? "server default" : job.timeoutSeconds() + " s"));
        fact(facts, "Tags", tags(job.tags()));
        fact(facts, "Environment variables", variables(job.environmentVariables()));
        Span description = text(job.description());
        description.addClassName("description-text");
        fact(facts, "Description", description);
        Anchor studio = new Anchor(job.studioUrl(), job.studioUrl());
        studio.setId("job-studio-url");
        fact(facts, "Studio URL", studio);

        timeline = new StatusTimeline(job.statusHistory(), now);
        Div history = new Div(new H3("Status timeline"), timeline);
        history.addClassName("job-timeline-panel");
        Div details = new Div(new H3("Details"), facts);
        details.addClassName("job-facts-panel");
        add(details, history);
        tick(now);
    }

    /** Re-renders what changes with time alone while the job has not ended. */
    void tick(Instant now) {
        duration.setText(DisplayFormats.duration(job.startedAt(), job.endedAt(), now)
                + (job.startedAt() != null && job.endedAt() == null ? " so far" : ""));
        timeline.tick(now);
    }

    private static void fact(DescriptionList list, String term, Component value) {
        list.add(new DescriptionList.Term(term), new DescriptionList.Description(value));
    }

    private static Span text(String value) {
        return new Span(DisplayFormats.orDash(value));
    }

    private static Component tags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return text(null);
        }
        FlexLayout chips = new FlexLayout();
        chips.addClassName("tag-chips");
        chips.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tags.forEach((k, v) -> {
            Span chip = new Span(v.isEmpty() ? k : k + "=" + v);
            chip.getElement().getThemeList().add("badge");
            chip.getElement().getThemeList().add("contrast");
            chips.add(chip);
        });
        return chips;
    }

    private static Component variables(Map<String, String> variables) {
        if (variables.isEmpty()) {
            return text(null);
        }
        Span lines = new Span(variables.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        lines.addClassNames("monospace", "description-text");
        lines.setId("job-variables-list");
        return lines;
    }

    /** The version the job ran in, and the exact packages of its build (issue 15), on the Environments page. */
    private static Div environment(JobDetails job) {
        Anchor version = new Anchor(EnvironmentListView.link(job.environment()), job.environment());
        version.setId("job-overview-environment");
        Anchor packages = new Anchor(dev.modelyard.workspaces.ui.WorkspaceRoutes.path("environments") + "?job="
                + java.net.URLEncoder.encode(job.name(), java.nio.charset.StandardCharsets.UTF_8), "packages");
        packages.setId("job-environment-packages");
        return new Div(version, new Span(" · "), packages);
    }
}
