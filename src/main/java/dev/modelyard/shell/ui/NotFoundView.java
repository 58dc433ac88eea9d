package dev.modelyard.shell.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;

/** Nothing at this address (or nothing the user may see there), inside the app's layout with a way back. */
@ParentLayout(MainLayout.class)
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    private final Paragraph reason = new Paragraph();

    public NotFoundView() {
        setId("not-found");
        setAlignItems(Alignment.CENTER);
        reason.setId("not-found-reason");
        add(VaadinIcon.QUESTION_CIRCLE_O.create(), new H2("Not found"), reason, new Anchor("", "Back to Models"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        String message = parameter.hasCustomMessage() ? parameter.getCustomMessage() : "";
        reason.setText(message.isBlank() || message.startsWith("Couldn't find route")
                ? "There is no page at /" + event.getLocation().getPath() : message);
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
