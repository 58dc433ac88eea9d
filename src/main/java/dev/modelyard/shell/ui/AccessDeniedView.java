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
import jakarta.servlet.http.HttpServletResponse;

/**
 * A view the user may not open, shown inside the app's layout: which role it needs and a way back, instead of a
 * bare error page. Views that need a workspace role reroute here with a message naming it.
 */
@ParentLayout(MainLayout.class)
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private final Paragraph reason = new Paragraph();

    public AccessDeniedView() {
        setId("access-denied");
        setAlignItems(Alignment.CENTER);
        reason.setId("access-denied-reason");
        add(VaadinIcon.LOCK.create(), new H2("You may not open this page"), reason, new Anchor("", "Back to Models"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        String message = parameter.hasCustomMessage() ? parameter.getCustomMessage() : "";
        reason.setText(message.isBlank() || message.startsWith("Access denied") || message.contains("Could not navigate")
                ? "Your role does not allow it. Ask an admin of this workspace for a higher role." : message);
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
