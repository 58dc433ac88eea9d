package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.details.Details;
import dev.modelyard.jobs.ComputeTargetDefinition;
import dev.modelyard.jobs.ray.RayClusterStatus;
import dev.modelyard.jobs.ray.RayComputeExecutor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ui.Notices;
import dev.modelyard.jobs.ComputeRegistry;
import dev.modelyard.jobs.ComputeTarget;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.CreateComputeTargetCommand;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import jakarta.annotation.security.PermitAll;

/**
 * The compute targets of a workspace: every member sees kind, slots and how busy each is; admins create targets
 * (of the kinds this server has a factory for) and delete idle ones. A Ray target shows its cluster's nodes and free
 * resources on demand (asked off the UI thread: the driver takes seconds). docs/decisions/020-azureml-surface.md, 022.
 */
@Route(WorkspaceRoutes.PREFIX + "computes")
@PageTitle("Computes · Modelyard")
@PermitAll
class ComputeListView extends VerticalLayout implements BeforeEnterObserver {

    private final ComputeTargetService computes;
    private final WorkspaceAccess access;
    private final Grid<ComputeTarget> grid = new Grid<>();
    private final H2 title = new H2("Compute targets");
    private final TextField name = new TextField("Name");
    private final Select<String> kind = new Select<>();
    private final IntegerField slots = new IntegerField("Slots");
    private final TextField address = new TextField("Cluster address");
    private final NumberField cpus = new NumberField("CPUs per job");
    private final IntegerField memoryMb = new IntegerField("Memory per job (MiB)");
    private final IntegerField gpus = new IntegerField("GPUs per job");
    private final HorizontalLayout clusterRow;
    private final VerticalLayout clusterStatus = new VerticalLayout();
    private final ComputeRegistry registry;
    private final HorizontalLayout createRow;
    private final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
    private boolean admin;

    ComputeListView(ComputeTargetService computes, ComputeRegistry registry, WorkspaceAccess access) {
        this.computes = computes;
        this.access = access;
        this.registry = registry;
        setWidthFull();
        addClassName("compute-list-view");
        name.setId("compute-name");
        name.setPlaceholder("aml-cluster");
        kind.setId("compute-kind");
        kind.setLabel("Kind");
        kind.setItems(registry.kinds());
        kind.setValue("local");
        slots.setId("compute-slots");
        slots.setMin(1);
        slots.setValue(1);
        slots.setStepButtonsVisible(true);
        Button create = new Button("Create", VaadinIcon.PLUS.create(), e -> create());
        create.setId("compute-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        address.setId("compute-address");
        address.setPlaceholder("ray-head.internal:6379");
        cpus.setId("compute-cpus");
        cpus.setValue(1.0);
        cpus.setMin(0.01);
        memoryMb.setId("compute-memory");
        memoryMb.setValue(0);
        memoryMb.setMin(0);
        memoryMb.setHelperText("0: Ray's default");
        gpus.setId("compute-gpus");
        gpus.setValue(0);
        gpus.setMin(0);
        clusterRow = new HorizontalLayout(address, cpus, memoryMb, gpus);
        clusterRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        clusterRow.setVisible(false);
        kind.addValueChangeListener(e -> clusterRow.setVisible(!"local".equals(e.getValue())));
        createRow = new HorizontalLayout(name, kind, slots, create);
        createRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        clusterStatus.setPadding(false);
        clusterStatus.setId("compute-cluster-status");
        refresh.setId("compute-refresh");

        grid.setId("compute-grid");
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ComputeTarget::name).setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(ComputeTarget::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(ComputeTarget::slots).setHeader("Slots").setAutoWidth(true);
        grid.addColumn(ComputeTarget::running).setHeader("Running").setAutoWidth(true);
        grid.addColumn(ComputeTarget::queued).setHeader("Queued").setAutoWidth(true);
        grid.addColumn(ComputeListView::where).setHeader("Runs on").setAutoWidth(true);
        grid.addColumn(t -> t.description() == null ? "" : t.description()).setHeader("Description").setFlexGrow(2);
        grid.addComponentColumn(this::clusterCell).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(this::deleteCell).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(title, new Paragraph("A job's compute names one of these. 'local' is built in; admins add targets with "
                + "their own slots, such as the 'aml-cluster' an Azure ML job names, or Ray clusters that run jobs on their "
                + "worker nodes."), createRow, clusterRow, refresh, grid, clusterStatus);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        admin = access.atLeast(AppRole.ADMIN);
        createRow.setVisible(admin);
        clusterRow.setVisible(admin && !"local".equals(kind.getValue()));
        title.setText("Compute targets of " + CurrentWorkspace.name());
        refresh();
    }

    private void refresh() {
        grid.setItems(computes.list());
    }

    private Component deleteCell(ComputeTarget target) {
        if (!admin || target.builtIn()) {
            return new Span();
        }
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> {
            ConfirmDialog confirm = new ConfirmDialog("Delete " + target.name() + "?",
                    "Jobs can no longer name " + target.name() + " in workspace " + CurrentWorkspace.name() + ".",
                    "Delete", ok -> Notices.attempt(() -> computes.delete(target.name()), target.name() + " deleted", this::refresh));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_ICON);
        delete.setAriaLabel("Delete " + target.name());
        return delete;
    }

    private void create() {
        name.setInvalid(false);
        slots.setInvalid(false);
        if (slots.getValue() == null) {
            slots.setErrorMessage("Enter how many jobs it runs at once");
            slots.setInvalid(true);
            return;
        }
        try {
            boolean cluster = !"local".equals(kind.getValue());
            ComputeTarget created = computes.create(new CreateComputeTargetCommand(name.getValue(), kind.getValue(),
                    slots.getValue(), cluster ? address.getValue() : null, cluster ? new ComputeTargetDefinition.ComputeResources(
                            cpus.getValue() == null ? 0 : cpus.getValue(), memoryMb.getValue() == null ? 0 : memoryMb.getValue(),
                            gpus.getValue() == null ? 0 : gpus.getValue()) : null, null));
            name.clear();
            Notices.show(created.name() + " created", false);
            refresh();
        } catch (InvalidInputException e) {
            TextField field = name;
            if (e.getMessage().contains("address")) {
                field = address;
            } else if (e.getMessage().contains("resources")) {
                cpus.setErrorMessage(e.getMessage());
                cpus.setInvalid(true);
                return;
            } else if ("slots".equals(e.field()) || e.getMessage().contains("slots")) {
                slots.setErrorMessage(e.getMessage());
                slots.setInvalid(true);
                return;
            }
            field.setErrorMessage(e.getMessage());
            field.setInvalid(true);
        } catch (ConflictException e) {
            name.setErrorMessage(e.getMessage());
            name.setInvalid(true);
        }
    }

    private static String where(ComputeTarget t) {
        if (t.address() == null) {
            return "this server";
        }
        ComputeTargetDefinition.ComputeResources r = t.resources();
        return t.address() + (r == null ? "" : String.format(Locale.ROOT, " · %s CPU%s%s per job", trim(r.cpus()),
                r.memoryMb() > 0 ? " · " + r.memoryMb() + " MiB" : "", r.gpus() > 0 ? " · " + r.gpus() + " GPU" : ""));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** "Cluster" for targets whose executor can describe its cluster (Ray). */
    private Component clusterCell(ComputeTarget target) {
        var executor = registry.find(CurrentWorkspace.id(), target.name()).orElse(null);
        if (!(executor instanceof RayComputeExecutor ray)) {
            return new Span();
        }
        Button show = new Button("Cluster", VaadinIcon.CLUSTER.create());
        show.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        show.setAriaLabel("Show the nodes of " + target.name());
        show.addClickListener(e -> {
            show.setEnabled(false);
            clusterStatus.removeAll();
            clusterStatus.add(new Span("Asking the cluster at " + target.address() + "…"));
            UI ui = UI.getCurrent();
            CompletableFuture.supplyAsync(ray::clusterStatus).thenAccept(status -> ui.access(() -> {
                show.setEnabled(true);
                showCluster(target.name(), status);
            }));
        });
        return show;
    }

    private void showCluster(String target, RayClusterStatus status) {
        clusterStatus.removeAll();
        if (!status.reachable()) {
            Span problem = new Span(target + ": " + status.problem());
            problem.addClassName("field-error");
            clusterStatus.add(problem);
            return;
        }
        Grid<RayClusterStatus.Node> nodes = new Grid<>();
        nodes.setId("compute-cluster-nodes");
        nodes.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        nodes.addColumn(RayClusterStatus.Node::address).setHeader("Node").setAutoWidth(true);
        nodes.addColumn(n -> n.alive() ? "alive" : "dead").setHeader("State").setAutoWidth(true);
        nodes.addColumn(n -> resources(n.resources())).setHeader("Resources").setFlexGrow(1);
        nodes.setItems(status.nodes());
        nodes.setAllRowsVisible(true);
        Details details = new Details(target + ": " + status.nodes().stream().filter(RayClusterStatus.Node::alive).count()
                + " node(s) alive; free " + resources(status.available()) + " of " + resources(status.total()), nodes);
        details.setOpened(true);
        clusterStatus.add(details);
    }

    /** CPU, GPU and memory of a Ray resource map, the way a person reads them. */
    private static String resources(Map<String, Double> r) {
        StringBuilder text = new StringBuilder();
        text.append(trim(r.getOrDefault("CPU", 0.0))).append(" CPU");
        if (r.getOrDefault("GPU", 0.0) > 0) {
            text.append(", ").append(trim(r.get("GPU"))).append(" GPU");
        }
        if (r.containsKey("memory")) {
            text.append(", ").append(dev.modelyard.base.ui.DisplayFormats.bytes(r.get("memory").longValue())).append(" memory");
        }
        return text.toString();
    }
}
