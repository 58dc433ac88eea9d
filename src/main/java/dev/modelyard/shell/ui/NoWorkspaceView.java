package dev.modelyard.shell.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.workspaces.WorkspaceService;
import jakarta.annotation.security.PermitAll;

/** What a signed-in user who belongs to no workspace sees: why the portal is empty, and whom to ask. */
@Route("welcome")
@PageTitle("Welcome · Modelyard")
@PermitAll
public class NoWorkspaceView extends VerticalLayout {

    public NoWorkspaceView(WorkspaceService workspaces) {
        setId("no-workspace");
        setAlignItems(Alignment.CENTER);
        add(VaadinIcon.USERS.create(), new H2("You are not in a workspace yet"));
        String admins = String.join(", ", workspaces.platformAdmins());
        add(new Paragraph("Models, jobs and experiments live in workspaces, and you are not a member of any. Ask a "
                + "workspace admin to add you to theirs, or a platform admin (" + admins + ") to create one for your team."));
    }
}
