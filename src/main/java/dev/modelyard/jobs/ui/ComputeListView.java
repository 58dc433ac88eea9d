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
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
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
 * (of the kinds this server has a factory for) and delete idle ones. docs/decisions/020-azureml-surface.md.
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
    private final HorizontalLayout createRow;
    private final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
    private boolean admin;

    ComputeListView(ComputeTargetService computes, ComputeRegistry registry, WorkspaceAccess access) {
        this.computes = computes;
        this.access = access;
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
        createRow = new HorizontalLayout(name, kind, slots, create);
        createRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        refresh.setId("compute-refresh");

        grid.setId("compute-grid");
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ComputeTarget::name).setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(ComputeTarget::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(ComputeTarget::slots).setHeader("Slots").setAutoWidth(true);
        grid.addColumn(ComputeTarget::running).setHeader("Running").setAutoWidth(true);
        grid.addColumn(ComputeTarget::queued).setHeader("Queued").setAutoWidth(true);
        grid.addColumn(t -> t.description() == null ? "" : t.description()).setHeader("Description").setFlexGrow(2);
        grid.addComponentColumn(this::deleteCell).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(title, new Paragraph("A job's compute names one of these. 'local' is built in; admins add targets with "
                + "their own slots, such as the 'aml-cluster' an Azure ML job names."), createRow, refresh, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        admin = access.atLeast(AppRole.ADMIN);
        createRow.setVisible(admin);
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
                    "Delete", ok -> attempt(() -> computes.delete(target.name()), target.name() + " deleted"));
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
            ComputeTarget created = computes.create(new CreateComputeTargetCommand(name.getValue(), kind.getValue(),
                    slots.getValue(), null, null, null));
            name.clear();
            notify(created.name() + " created", false);
            refresh();
        } catch (InvalidInputException e) {
            TextField field = name;
            if ("slots".equals(e.field()) || e.getMessage().contains("slots")) {
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

    private void attempt(Runnable change, String done) {
        try {
            change.run();
            notify(done, false);
        } catch (NotFoundException | InvalidInputException | ConflictException e) {
            notify(e.getMessage(), true);
        }
        refresh();
    }

    private static void notify(String text, boolean error) {
        Notification n = Notification.show(text, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }
}
