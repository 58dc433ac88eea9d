package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobFilter;
import dev.modelyard.jobs.JobNotFoundException;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobSummary;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.springframework.data.domain.PageRequest;

/**
 * Jobs, newest first, narrowed by experiment, status and a text (all three in the URL, so a view can be shared).
 * Status badges and the durations of running jobs change while the page is open: a job event refreshes that row,
 * and a one-second tick re-renders running rows' durations and picks up jobs that joined or left the filter.
 */
@Route(WorkspaceRoutes.PREFIX + "jobs")
@PageTitle("Jobs · Modelyard")
@PermitAll
class JobListView extends VerticalLayout implements BeforeEnterObserver {

    static final String PARAM_EXPERIMENT = "experiment";
    static final String PARAM_STATUS = "status";
    static final String PARAM_TEXT = "q";
    private static final Duration TICK = Duration.ofSeconds(1);

    private final JobQueryService jobs;
    private final JobEvents events;
    private final JobUiTimers timers;
    private final Clock clock;
    private final ComboBox<String> experiment = new ComboBox<>("Experiment");
    private final Select<JobStatus> status = new Select<>();
    private final TextField text = new TextField("Name");
    private final Grid<JobRow> grid = new Grid<>();
    /** Shown while one experiment is chosen: its comparison page. */
    private final com.vaadin.flow.component.html.Div compare = new com.vaadin.flow.component.html.Div();
    /** The rows the grid has fetched, by job name: events for other jobs need no row refresh. */
    private final Map<String, JobRow> shown = new ConcurrentHashMap<>();
    /** Set by events the grid cannot apply row by row (a new job, a job leaving the status filter). */
    private final AtomicBoolean stale = new AtomicBoolean();
    /** One queued tick at a time, so a UI that stops answering never collects a backlog. */
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile JobFilter filter = JobFilter.all();
    private final Span emptyText = new Span();
    private final Span emptyHint = new Span();
    private final boolean maySubmit;
    private LiveUpdates live;

    JobListView(JobService submissions, JobQueryService jobs, EnvironmentService environments, ArtifactService artifacts,
                JobEvents events, JobUiTimers timers, Clock clock, WorkspaceAccess access) {
        this.jobs = jobs;
        this.events = events;
        this.timers = timers;
        this.clock = clock;
        setSizeFull();
        addClassName("job-list-view");

        Button submit = new Button("Submit job", VaadinIcon.PLAY.create(),
                e -> new SubmitJobDialog(submissions, jobs, environments, artifacts).open());
        submit.setId("submit-job");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        maySubmit = access.atLeast(AppRole.CONTRIBUTOR);
        submit.setVisible(maySubmit);
        HorizontalLayout title = new HorizontalLayout(new H2("Jobs"), submit);
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.CENTER);
        title.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        configureFilters();
        compare.setId("job-compare-experiment");
        compare.setVisible(false);
        HorizontalLayout filters = new HorizontalLayout(experiment, status, text, compare);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();
        configureGrid();
        add(title, filters, grid);
        expand(grid);
    }

    private void configureFilters() {
        experiment.setId("job-filter-experiment");
        // fetched when opened, so experiments created since the page loaded are offered too
        experiment.setItems(query -> {
            String typed = query.getFilter().orElse("").toLowerCase(Locale.ROOT);
            return jobs.experimentNames().stream().filter(name -> name.toLowerCase(Locale.ROOT).contains(typed))
                    .skip(query.getOffset()).limit(query.getLimit());
        });
        experiment.setClearButtonVisible(true);
        experiment.setPlaceholder("Any experiment");
        experiment.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });
        status.setId("job-filter-status");
        status.setLabel("Status");
        status.setItems(JobStatus.values());
        status.setItemLabelGenerator(s -> s == null ? "Any status" : s.wireName());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any status");
        status.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });
        text.setId("job-filter-text");
        text.setPlaceholder("Name or display name");
        text.setClearButtonVisible(true);
        text.setPrefixComponent(VaadinIcon.SEARCH.create());
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });
    }

    private void configureGrid() {
        grid.setId("jobs-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        // every column sizes to its content (names and dates are never cut while width is spare); the text
        // columns then share what is left
        grid.addColumn(r -> r.job().displayName()).setHeader("Display name").setKey("displayName").setFlexGrow(2)
                .setAutoWidth(true).setResizable(true);
        grid.addColumn(r -> r.job().name()).setHeader("Name").setKey("name").setFlexGrow(2).setAutoWidth(true)
                .setResizable(true);
        grid.addColumn(r -> r.job().experimentName()).setHeader("Experiment").setKey("experiment").setFlexGrow(1)
                .setAutoWidth(true);
        grid.addComponentColumn(r -> JobBadges.status(r.job().status())).setHeader("Status").setKey("status")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(JobListView::compute).setHeader("Compute").setKey("compute").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(r -> r.job().hasCommand() ? null
                        : "An MLflow run logged from outside Modelyard: nothing to run or resubmit");
        grid.addColumn(r -> r.job().createdBy()).setHeader("Submitted by").setKey("createdBy").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> DisplayFormats.dateTimeSeconds(r.job().startedAt())).setHeader("Started").setKey("started")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> DisplayFormats.duration(r.job().startedAt(), r.job().endedAt(), clock.instant()))
                .setHeader("Duration")
                .setKey("duration").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> fetch(jobs.list(filter, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream()));
        emptyText.setId("jobs-empty-text");
        emptyHint.setId("jobs-empty-hint");
        VerticalLayout empty = new VerticalLayout(emptyText, emptyHint);
        empty.setId("jobs-empty");
        empty.setPadding(false);
        grid.setEmptyStateComponent(empty);
        grid.addItemClickListener(e -> JobDetailView.open(e.getItem().job().name()));
        grid.setSizeFull();
    }

    /** The compute target; an MLflow run started from outside is marked as having no command. */
    static String compute(JobRow row) {
        return row.job().hasCommand() ? row.job().compute() : row.job().compute() + " · no command";
    }

    private Stream<JobRow> fetch(Stream<JobSummary> page) {
        return page.map(JobRow::new).peek(row -> shown.put(row.job().name(), row));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        String exp = query.getSingleParameter(PARAM_EXPERIMENT).orElse(null);
        JobStatus st = query.getSingleParameter(PARAM_STATUS).map(JobListView::statusOrNull).orElse(null);
        String q = query.getSingleParameter(PARAM_TEXT).orElse("");
        experiment.setValue(exp);
        status.setValue(st);
        text.setValue(q);
        filter = new JobFilter(exp, st, q.isBlank() ? null : q);
        compare.removeAll();
        compare.setVisible(exp != null && !exp.isBlank());
        if (compare.isVisible()) {
            compare.add(ExperimentCompareView.link("Compare runs of " + exp, exp));
        }
        describeEmpty();
        refreshAll();
    }

    /**
     * What the grid says when it has no rows: no jobs at all (with how to start one) differs from a filter that
     * excludes every job.
     */
    private void describeEmpty() {
        boolean noJobs = filter.equals(JobFilter.all())
                || jobs.list(JobFilter.all(), PageRequest.of(0, 1)).isEmpty();
        if (noJobs) {
            emptyText.setText("No jobs yet");
            emptyHint.setText(maySubmit ? "Submit a job to run a command over your code in an environment."
                    : "Jobs that contributors submit in this workspace appear here.");
        } else {
            emptyText.setText("No jobs match");
            emptyHint.setText("No job matches these filters; clear them to see every job.");
        }
    }

    /** A status the link got wrong shows every status rather than an error page. */
    private static JobStatus statusOrNull(String wireName) {
        try {
            return JobStatus.fromWire(wireName);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private void updateUrl() {
        Map<String, List<String>> params = new HashMap<>();
        if (experiment.getValue() != null && !experiment.getValue().isBlank()) {
            params.put(PARAM_EXPERIMENT, List.of(experiment.getValue()));
        }
        if (status.getValue() != null) {
            params.put(PARAM_STATUS, List.of(status.getValue().wireName()));
        }
        if (!text.getValue().isBlank()) {
            params.put(PARAM_TEXT, List.of(text.getValue()));
        }
        WorkspaceRoutes.navigate(JobListView.class, new QueryParameters(params));
    }

    private void refreshAll() {
        shown.clear();
        grid.getDataProvider().refreshAll();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        live = new LiveUpdates(event.getUI(), timers);
        live.onJobChange(events, this::changed);
        live.every(TICK, this::tick);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        live.stop();
        super.onDetach(event);
    }

    /**
     * On a timer thread: a row the grid shows is refreshed at once; anything else waits for the next tick. The row is
     * read inside the UI task, not before it: tasks for one job's quick succession of changes may run out of order,
     * and each must show the job as it is when the task runs, never an older read.
     */
    private void changed(JobEvents.JobChanged change) {
        if (change.status() == JobStatus.QUEUED || filter.status() != null || !shown.containsKey(change.jobName())) {
            stale.set(true);
            return;
        }
        live.access(() -> {
            try {
                JobRow fresh = new JobRow(summaryOf(jobs.get(change.jobName())));
                shown.put(change.jobName(), fresh);
                grid.getDataProvider().refreshItem(fresh);
            } catch (JobNotFoundException gone) {
                stale.set(true);
            }
        });
    }

    /** On a timer thread, every second: re-renders running jobs' durations, or the whole grid when it is stale. */
    private void tick() {
        boolean running = shown.values().stream().anyMatch(JobRow::isRunning);
        if ((!running && !stale.get()) || !tickQueued.compareAndSet(false, true)) {
            return;
        }
        live.access(() -> {
            tickQueued.set(false);
            if (stale.getAndSet(false)) {
                refreshAll();
            } else {
                shown.values().stream().filter(JobRow::isRunning).forEach(grid.getDataProvider()::refreshItem);
            }
        });
    }

    /**
     * A grid row: equal to another row of the same job whatever its status, so that refreshItem with a newer read
     * replaces the row the grid holds (JobSummary, a record, is equal only to an identical read).
     */
    record JobRow(JobSummary job) {

        boolean isRunning() {
            return job.startedAt() != null && !job.status().isTerminal();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JobRow row && row.job.name().equals(job.name());
        }

        @Override
        public int hashCode() {
            return job.name().hashCode();
        }
    }

    static JobSummary summaryOf(JobDetails d) {
        return new JobSummary(d.name(), d.displayName(), d.experimentName(), d.status(), d.compute(), d.createdBy(),
                d.createdAt(), d.startedAt(), d.endedAt(), d.command() != null);
    }
}
