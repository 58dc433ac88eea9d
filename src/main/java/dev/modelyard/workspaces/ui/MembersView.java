package dev.modelyard.workspaces.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.ui.Notices;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.workspaces.WorkspaceMember;
import dev.modelyard.workspaces.WorkspaceService;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The members of a workspace and their roles. Everyone in the workspace sees the list; its admins add people by
 * user name, change roles and remove members. The last admin cannot be demoted or removed (the service refuses).
 */
@Route(WorkspaceRoutes.PREFIX + "members")
@PageTitle("Members · Modelyard")
@PermitAll
class MembersView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final WorkspaceService workspaces;
    private final WorkspaceAccess access;
    private final Grid<WorkspaceMember> grid = new Grid<>();
    private final H2 title = new H2("Members");
    private final TextField username = new TextField("User name");
    private final Select<AppRole> role = new Select<>();
    private final HorizontalLayout addRow;
    private boolean admin;

    MembersView(WorkspaceService workspaces, WorkspaceAccess access) {
        this.workspaces = workspaces;
        this.access = access;
        setWidthFull();
        addClassName("members-view");
        username.setId("member-username");
        role.setId("member-role");
        role.setLabel("Role");
        role.setItems(AppRole.values());
        role.setValue(AppRole.READER);
        Button add = new Button("Add or change", VaadinIcon.PLUS.create(), e -> add());
        add.setId("member-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        addRow = new HorizontalLayout(username, role, add);
        addRow.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("members-grid");
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(WorkspaceMember::username).setHeader("User").setAutoWidth(true).setFlexGrow(1);
        grid.addComponentColumn(this::roleCell).setHeader("Role").setAutoWidth(true);
        grid.addColumn(m -> DATE.format(m.since())).setHeader("Member since").setAutoWidth(true);
        grid.addComponentColumn(this::removeCell).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(title, new Paragraph("Readers see models and jobs; contributors register models and run jobs; admins "
                + "also manage members."), addRow, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        admin = access.atLeast(AppRole.ADMIN);
        addRow.setVisible(admin);
        title.setText("Members of " + CurrentWorkspace.name());
        refresh();
    }

    private void refresh() {
        grid.setItems(workspaces.members());
    }

    private com.vaadin.flow.component.Component roleCell(WorkspaceMember member) {
        if (!admin) {
            return new com.vaadin.flow.component.html.Span(member.role().name());
        }
        Select<AppRole> select = new Select<>();
        select.setItems(AppRole.values());
        select.setValue(member.role());
        select.setAriaLabel("Role of " + member.username());
        select.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                Notices.attempt(() -> workspaces.setMember(member.username(), e.getValue()),
                        member.username() + " is now " + e.getValue().name(), this::refresh);
            }
        });
        return select;
    }

    private com.vaadin.flow.component.Component removeCell(WorkspaceMember member) {
        Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
            ConfirmDialog confirm = new ConfirmDialog("Remove " + member.username() + "?",
                    member.username() + " will no longer see anything in workspace " + CurrentWorkspace.name() + ".",
                    "Remove", ok -> Notices.attempt(() -> workspaces.removeMember(member.username()),
                    member.username() + " removed", this::refresh));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_ICON);
        remove.setAriaLabel("Remove " + member.username());
        remove.setVisible(admin);
        return remove;
    }

    private void add() {
        username.setInvalid(false);
        String name = username.getValue().strip();
        if (name.isEmpty()) {
            username.setErrorMessage("Enter a user name");
            username.setInvalid(true);
            return;
        }
        try {
            workspaces.setMember(name, role.getValue());
            username.clear();
            Notices.show(name + " is now " + role.getValue().name(), false);
            refresh();
        } catch (NotFoundException | InvalidInputException | ConflictException e) {
            username.setErrorMessage(e.getMessage());
            username.setInvalid(true);
        }
    }
}
