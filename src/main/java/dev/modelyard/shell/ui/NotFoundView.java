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
@com.vaadin.flow.server.auth.AnonymousAllowed
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    private final Paragraph reason = new Paragraph();
    private final Anchor back = new Anchor("", "Back to Models");

    public NotFoundView() {
        setId("not-found");
        setAlignItems(Alignment.CENTER);
        reason.setId("not-found-reason");
        back.setId("not-found-back");
        add(VaadinIcon.QUESTION_CIRCLE_O.create(), new H2("Not found"), reason, back);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        Anchor way = WayBack.from(event.getLocation());
        back.setHref(way.getHref());
        back.setText(way.getText());
        String message = parameter.hasCustomMessage() ? parameter.getCustomMessage() : "";
        reason.setText(message.isBlank() || message.startsWith("Couldn't find route")
                ? "There is no page at /" + event.getLocation().getPath() : message);
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
