package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobNotFoundException;
import dev.modelyard.jobs.JobLogService;
import dev.modelyard.jobs.JobOutputService;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.jobs.JobStatus;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One job: a header with its live status and actions, then Overview (every field and the status timeline), Logs
 * (followed live), Outputs (and registering a model from them) and Models (versions registered from it). The page
 * follows the job through {@link JobEvents} while attached; the route is {@code jobs/<name>}, which model version
 * pages link to as a plain URL.
 */
@Route(WorkspaceRoutes.PREFIX + "jobs/:" + JobDetailView.PARAM_NAME)
@PermitAll
class JobDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String PARAM_NAME = "name";
    private static final Duration TICK = Duration.ofSeconds(1);

    private final JobService jobs;
    private final JobQueryService queries;
    private final JobLogService logService;
    private final JobOutputService outputService;
    private final ArtifactService artifacts;
    private final JobEvents events;
    private final JobUiTimers timers;
    private final Clock clock;
    private final boolean canEdit;
    private final H2 title = new H2();
    private final Span badge = JobBadges.status(JobStatus.QUEUED);
    private final Button cancel = new Button("Cancel job", VaadinIcon.STOP.create(), e -> cancel());
    private final Button resubmit = new Button("Resubmit", VaadinIcon.REFRESH.create(), e -> resubmit());
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile JobDetails job;
    private LazyTab<OverviewTab> overview;
    private LazyTab<LogsTab> logs;
    private LazyTab<OutputsTab> outputs;
    private LazyTab<RegisteredModelsTab> models;
    private LazyTab<MetricsTab> metrics;
    private final dev.modelyard.jobs.RunService runs;
    private LiveUpdates live;

    JobDetailView(JobService jobs, JobQueryService queries, JobLogService logService, JobOutputService outputService,
                  ArtifactService artifacts, JobEvents events, JobUiTimers timers, Clock clock,
                  WorkspaceAccess access, dev.modelyard.jobs.RunService runs) {
        this.runs = runs;
        this.jobs = jobs;
        this.queries = queries;
        this.logService = logService;
        this.outputService = outputService;
        this.artifacts = artifacts;
        this.events = events;
        this.timers = timers;
        this.clock = clock;
        this.canEdit = access.atLeast(AppRole.CONTRIBUTOR);
        setWidthFull();
        addClassName("job-detail-view");
        badge.setId("job-status");
        cancel.setId("job-cancel");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        resubmit.setId("job-resubmit");
        title.setId("job-title");
    }

    /** Opens a job's page. */
    static void open(String name) {
        WorkspaceRoutes.navigate(JobDetailView.class, QueryParameters.empty(), PARAM_NAME, name);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get(PARAM_NAME).orElse("");
        try {
            show(queries.get(name));
        } catch (JobNotFoundException e) {
            // the app's not-found view, inside the layout, with a way back to the jobs
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class,
                    "Job " + SafeText.quote(name, 80) + " does not exist");
        }
    }

    @Override
    public String getPageTitle() {
        return job == null ? "Job · Modelyard" : job.displayName() + " · Jobs · Modelyard";
    }

    /** Builds the page for a job; the view is reused when Resubmit moves to another job's page. */
    private void show(JobDetails details) {
        removeAll();
        job = details;
        String name = details.name();
        Span nameText = new Span(name);
        nameText.setId("job-name");
        nameText.addClassName("job-name");
        HorizontalLayout heading = new HorizontalLayout(title, badge);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout actions = new HorizontalLayout(cancel, resubmit);
        // the generated name under the title only when the title is a display name: never the same name twice
        VerticalLayout names = details.displayName().equals(name) ? new VerticalLayout(heading)
                : new VerticalLayout(heading, nameText);
        HorizontalLayout header = new HorizontalLayout(names, actions);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.addClassName("job-header");
        ((VerticalLayout) header.getComponentAt(0)).setPadding(false);
        ((VerticalLayout) header.getComponentAt(0)).setSpacing(false);

        TabSheet tabs = new TabSheet();
        tabs.setId("job-tabs");
        tabs.setWidthFull();
        overview = addTab(tabs, "Overview", () -> new OverviewTab(job, clock.instant()));
        logs = addTab(tabs, "Logs", () -> new LogsTab(logService, outputService, timers, name, job.status()));
        outputs = addTab(tabs, "Outputs", () -> new OutputsTab(outputService, queries, artifacts, name, job.status(), canEdit));
        models = addTab(tabs, "Models", () -> new RegisteredModelsTab(outputService, name));
        metrics = addTab(tabs, "Metrics", () -> new MetricsTab(runs, name));
        tabs.addSelectedChangeListener(e -> ((LazyTab<?>) tabs.getComponent(e.getSelectedTab())).load());
        overview.load();
        add(header, tabs);
        showStatus(details);
    }

    private static <T extends Component> LazyTab<T> addTab(TabSheet tabs, String label, Supplier<T> content) {
        LazyTab<T> tab = new LazyTab<>(content);
        Tab added = tabs.add(label, tab);
        added.setId("tab-" + label.toLowerCase(Locale.ROOT));
        return tab;
    }

    private void showStatus(JobDetails details) {
        title.setText(details.displayName());
        JobBadges.show(badge, details.status());
        badge.setTitle(details.statusReason() == null ? "" : details.statusReason());
        cancel.setVisible(canEdit && !details.status().isTerminal() && details.status() != JobStatus.CANCEL_REQUESTED);
        resubmit.setVisible(canEdit);
    }

    /** In the UI thread: shows a newer state of the job; its ending brings the outputs. */
    private void update(JobDetails fresh) {
        if (!fresh.name().equals(job.name())) {
            return;
        }
        boolean ended = fresh.status().isTerminal() && !job.status().isTerminal();
        job = fresh;
        showStatus(fresh);
        overview.reset();
        if (logs.content() != null) {
            logs.content().statusChanged(fresh.status());
        }
        if (ended) {
            outputs.reset();
            models.reset();
        }
        if (metrics.content() != null) {
            metrics.content().refresh();
        }
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
     * On a timer thread. Another job's change matters while this one is queued: its place in the queue moves. The job
     * is read inside the UI task, so tasks that run out of order still each show the newest state.
     */
    private void changed(JobEvents.JobChanged change) {
        JobDetails shown = job;
        if (shown == null || !(change.jobName().equals(shown.name()) || shown.status() == JobStatus.QUEUED)) {
            return;
        }
        live.access(() -> {
            try {
                update(queries.get(shown.name()));
            } catch (JobNotFoundException gone) {
                // a job is never deleted; nothing to show if it were
            }
        });
    }

    /** On a timer thread, every second while the job runs: the durations on the Overview tab. */
    private void tick() {
        JobDetails shown = job;
        if (shown == null || shown.status().isTerminal() || !tickQueued.compareAndSet(false, true)) {
            return;
        }
        if (!live.access(() -> {
            tickQueued.set(false);
            if (overview.content() != null) {
                overview.content().tick(clock.instant());
            }
            if (metrics.content() != null) {
                metrics.content().refresh(); // live charts: redrawn only when new points arrived
            }
        })) {
            tickQueued.set(false);
        }
    }

    private void cancel() {
        try {
            update(jobs.cancel(job.name()));
            Notification.show("Cancel requested", 3000, Notification.Position.BOTTOM_START);
        } catch (ConflictException e) {
            Notification.show(DisplayFormats.sentence(e.getMessage()), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            update(queries.get(job.name()));
        }
    }

    private void resubmit() {
        JobDetails again;
        try {
            again = jobs.resubmit(job.name());
        } catch (InvalidInputException e) {
            // e.g. its pinned environment version no longer exists
            Notification.show(DisplayFormats.sentence(e.getMessage()), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        Notification.show("Job " + again.name() + " submitted", 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        open(again.name());
    }
}
