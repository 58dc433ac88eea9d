package dev.modelyard.shell.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A view the user may not open, shown inside the app's layout: which role it needs and a way back, instead of a
 * bare error page. Views that need a workspace role reroute here with a message naming it.
 */
@ParentLayout(MainLayout.class)
@com.vaadin.flow.server.auth.AnonymousAllowed
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    /** How the messages that already name the role begin (shell.ui.WorkspaceRouting's). */
    static final String OWN_MESSAGE = "This page needs the ";

    private final Paragraph reason = new Paragraph();
    private final Anchor back = new Anchor("", "Back to Models");

    public AccessDeniedView() {
        setId("access-denied");
        setAlignItems(Alignment.CENTER);
        reason.setId("access-denied-reason");
        back.setId("access-denied-back");
        add(VaadinIcon.LOCK.create(), new H2("You may not open this page"), reason, back);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        Anchor way = WayBack.from(event.getLocation());
        back.setHref(way.getHref());
        back.setText(way.getText());
        String message = parameter.hasCustomMessage() ? parameter.getCustomMessage() : "";
        // the workspace routing's own message names the role; Vaadin's ("Access is denied by annotations on the
        // view.", "Could not navigate to …") say nothing a user can act on
        reason.setText(message.startsWith(OWN_MESSAGE) ? message : generic(event));
        return HttpServletResponse.SC_FORBIDDEN;
    }

    /**
     * A page refused by its {@code @RolesAllowed} (the platform's administration pages) names the role from the
     * annotation; anything else says the role is too small.
     */
    private static String generic(BeforeEnterEvent event) {
        RolesAllowed roles = event.getSource().getRegistry().getNavigationTarget(event.getLocation().getPath())
                .map(target -> target.getAnnotation(RolesAllowed.class)).orElse(null);
        if (roles != null && roles.value().length > 0) {
            return "This page needs the " + String.join(" or ", roles.value()) + " role on this server (platform "
                    + "administrators). Ask an administrator if you need it.";
        }
        return "Your role does not allow it. Ask an admin of this workspace for a higher role.";
    }
}
