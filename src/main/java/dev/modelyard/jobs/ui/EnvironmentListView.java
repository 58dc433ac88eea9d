package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.EnvironmentBuildService;
import dev.modelyard.jobs.EnvironmentBuildStatus;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import jakarta.annotation.security.PermitAll;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Environment versions with their build: status, size, log (live while building), package list, the jobs that ran
 * in them; create one from a spec (or from an MLflow model's requirements), rebuild, delete a build.
 * Query parameters: {@code env=name:version} selects one, {@code job=name} shows a job's packages,
 * {@code model=name&version=n} opens "New environment" filled from that model version.
 */
@Route(WorkspaceRoutes.PREFIX + "environments")
@PageTitle("Environments · Modelyard")
@PermitAll
class EnvironmentListView extends VerticalLayout implements BeforeEnterObserver {

    private static final int POLL_MS = 2000;

    private final EnvironmentService environments;
    private final EnvironmentBuildService builds;
    private final ModelService models;
    private final boolean contributor;
    final Grid<EnvironmentDetails> grid = new Grid<>();
    final Span disk = new Span();
    final VerticalLayout details = new VerticalLayout();
    final Pre log = new Pre();
    private String selected;
    private long logOffset;
    private Registration polling;

    EnvironmentListView(EnvironmentService environments, EnvironmentBuildService builds, ModelService models,
                        WorkspaceAccess access) {
        this.environments = environments;
        this.builds = builds;
        this.models = models;
        this.contributor = access.atLeast(AppRole.CONTRIBUTOR);
        setSizeFull();
        Button create = new Button("New environment", VaadinIcon.PLUS.create(), e -> openCreate(null, null, null));
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("environment-new");
        create.setVisible(contributor);
        disk.setId("environment-disk");
        HorizontalLayout header = new HorizontalLayout(new H2("Environments"), disk, create);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        header.expand(disk);

        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(EnvironmentDetails::reference).setHeader("Environment").setAutoWidth(true);
        grid.addComponentColumn(EnvironmentListView::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(EnvironmentListView::contents).setHeader("Made from").setFlexGrow(1);
        grid.addColumn(e -> e.build() == null || e.build().sizeBytes() == null ? ""
                : DisplayFormats.bytes(e.build().sizeBytes())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(e -> e.build() == null ? "" : DisplayFormats.dateTimeSeconds(e.build().lastUsedAt()))
                .setHeader("Last used").setAutoWidth(true);
        grid.addColumn(e -> e.createdBy() == null ? "" : e.createdBy()).setHeader("Created by").setAutoWidth(true);
        grid.setId("environment-grid");
        grid.asSingleSelect().addValueChangeListener(e -> select(e.getValue()));
        grid.setHeight("45%");
        details.setPadding(false);
        details.setId("environment-details");
        log.setId("environment-log");
        log.getStyle().set("max-height", "20rem").set("overflow", "auto").set("white-space", "pre-wrap");
        add(header, grid, details);
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        first(query, "env").ifPresent(ref -> grid.getListDataView().getItems()
                .filter(e -> e.reference().equals(ref)).findFirst().ifPresent(grid::select));
        first(query, "job").ifPresent(this::showJobPackages);
        Optional<String> model = first(query, "model");
        if (model.isPresent() && contributor) {
            fromModel(model.get(), first(query, "version").orElse(VersionRef.LATEST));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        polling = event.getUI().addPollListener(e -> refreshIfBuilding());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (polling != null) {
            polling.remove();
        }
        event.getUI().setPollInterval(-1);
    }

    void refresh() {
        List<EnvironmentDetails> all = environments.list();
        grid.setItems(all);
        var usage = builds.disk();
        disk.setText("Builds use " + DisplayFormats.bytes(usage.usedBytes()) + " of " + DisplayFormats.bytes(usage.capBytes()));
        if (selected != null) {
            all.stream().filter(e -> e.reference().equals(selected)).findFirst().ifPresent(grid::select);
        }
        boolean building = all.stream().anyMatch(e -> e.status() == EnvironmentBuildStatus.BUILDING);
        getUI().ifPresent(ui -> ui.setPollInterval(building ? POLL_MS : -1));
    }

    private void refreshIfBuilding() {
        refresh();
        if (selected != null) {
            appendLog();
        }
    }

    private void select(EnvironmentDetails env) {
        details.removeAll();
        if (env == null) {
            return;
        }
        boolean changed = !env.reference().equals(selected);
        selected = env.reference();
        details.add(new H3(env.reference()));
        if (env.description() != null) {
            details.add(new Text(env.description()));
        }
        if (!env.built()) {
            details.add(new Span("Provided by the host: " + env.spec().interpreter()
                    + (env.spec().packages().isEmpty() ? "" : " with " + String.join(", ", env.spec().packages()))));
            addJobs(env);
            return;
        }
        if (env.build() != null && env.build().error() != null && env.status() == EnvironmentBuildStatus.FAILED) {
            Span error = new Span("Build failed: " + env.build().error());
            error.getElement().getThemeList().add("badge error");
            error.setId("environment-error");
            details.add(error);
        }
        details.add(new Span("Base interpreter: " + env.definition().interpreter() + " (Python "
                + env.definition().pythonVersion() + ")"));
        Pre requirements = new Pre(env.definition().requirements().isEmpty() ? "(no requirements)"
                : String.join("\n", env.definition().requirements()));
        details.add(new H3("Requirements"), requirements);
        if (!env.definition().variables().isEmpty()) {
            details.add(new Span("Variables: " + env.definition().variables().entrySet().stream()
                    .map(v -> v.getKey() + "=" + v.getValue()).collect(Collectors.joining(", "))));
        }
        if (contributor) {
            Button rebuild = new Button("Rebuild", e -> act(() -> builds.rebuild(env.reference()), "Rebuilding"));
            rebuild.setId("environment-rebuild");
            Button delete = new Button("Delete build", e -> act(() -> builds.deleteBuild(env.reference()),
                    "Build deleted; the spec stays"));
            delete.setId("environment-delete-build");
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            delete.setEnabled(env.status() == EnvironmentBuildStatus.READY || env.status() == EnvironmentBuildStatus.FAILED);
            details.add(new HorizontalLayout(rebuild, delete));
        }
        if (env.status() == EnvironmentBuildStatus.READY) {
            Pre packages = new Pre(builds.freeze(env.reference()));
            packages.setId("environment-packages");
            details.add(new H3("Installed packages (pip freeze)"), packages);
        }
        if (changed) {
            log.setText("");
            logOffset = 0;
        }
        details.add(new H3("Build log"), log);
        appendLog();
        addJobs(env);
    }

    private void appendLog() {
        EnvironmentDetails env = grid.asSingleSelect().getValue();
        if (env == null || !env.built()) {
            return;
        }
        var chunk = builds.log(env.reference(), logOffset, 1 << 20);
        if (chunk.bytes().length > 0) {
            log.setText(log.getText() + new String(chunk.bytes(), StandardCharsets.UTF_8));
            logOffset = chunk.nextOffset();
        }
    }

    private void addJobs(EnvironmentDetails env) {
        var ran = builds.jobs(env.reference());
        details.add(new H3("Jobs (" + ran.size() + ")"));
        HorizontalLayout links = new HorizontalLayout();
        links.getStyle().set("flex-wrap", "wrap");
        ran.stream().limit(50).forEach(job -> links.add(new Anchor(WorkspaceRoutes.path("jobs/" + job.name()),
                job.name() + " (" + job.status().wireName() + ")")));
        details.add(links);
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Notification.show(done, 3000, Notification.Position.BOTTOM_START);
        } catch (ConflictException | InvalidInputException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE);
        }
        refresh();
    }

    void openCreate(String name, String requirements, String conda) {
        new CreateEnvironmentDialog(builds, name, requirements, conda, env -> {
            selected = env.reference();
            refresh();
        }).open();
    }

    /** "Create environment from this model": its requirements.txt and conda.yaml, next to its MLmodel. */
    private void fromModel(String name, String version) {
        VersionRef ref = version.matches("\\d+") ? new VersionRef(name, Integer.parseInt(version), null)
                : new VersionRef(name, null, version);
        try {
            var files = models.files(ref);
            String requirements = files.stream().map(f -> f.path()).filter(p -> p.endsWith("requirements.txt"))
                    .min(Comparator.comparingInt(String::length)).map(p -> read(ref, p)).orElse(null);
            String conda = files.stream().map(f -> f.path()).filter(p -> p.endsWith("conda.yaml"))
                    .min(Comparator.comparingInt(String::length)).map(p -> read(ref, p)).orElse(null);
            if (requirements == null && conda == null) {
                Notification.show(name + " has no requirements.txt or conda.yaml", 5000, Notification.Position.MIDDLE);
                return;
            }
            openCreate(name.replaceAll("[^A-Za-z0-9._-]", "-"), requirements, conda);
        } catch (NotFoundException | InvalidInputException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE);
        }
    }

    private String read(VersionRef ref, String path) {
        try (InputStream in = models.openFile(ref, path)) {
            byte[] bytes = in.readNBytes(dev.modelyard.jobs.envspec.Requirements.MAX_CHARS + 1);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private void showJobPackages(String job) {
        builds.ofJob(job).ifPresentOrElse(used -> {
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("Job " + job + " ran in " + used.environment());
            Pre packages = new Pre(used.packages() == null ? "" : used.packages());
            packages.setId("job-packages");
            dialog.add(packages);
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
            dialog.open();
        }, () -> Notification.show("Job " + job + " ran in an environment the host provides", 4000,
                Notification.Position.MIDDLE));
    }

    private static Span status(EnvironmentDetails env) {
        Span badge = new Span(env.status().wireName());
        String theme = switch (env.status()) {
            case READY -> "badge success";
            case FAILED -> "badge error";
            case BUILDING -> "badge";
            case REMOVED -> "badge contrast";
        };
        badge.getElement().setAttribute("theme", theme);
        if (env.build() != null && env.build().error() != null) {
            badge.setTitle(env.build().error());
        }
        return badge;
    }

    private static String contents(EnvironmentDetails env) {
        if (!env.built()) {
            return "host: " + env.spec().interpreter();
        }
        int n = env.definition().requirements().size();
        return n + (n == 1 ? " requirement" : " requirements") + ": " + env.definition().requirements().stream()
                .limit(4).collect(Collectors.joining(", ")) + (n > 4 ? ", …" : "");
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
                : Optional.of(values.get(0));
    }

    static String link(String reference) {
        return WorkspaceRoutes.path("environments") + "?env=" + URLEncoder.encode(reference, StandardCharsets.UTF_8);
    }
}
