package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** Registers a model version from uploaded files. */
@Route("register")
@PageTitle("Register model · Modelyard")
@RolesAllowed({"CONTRIBUTOR", "ADMIN"})
class RegisterModelView extends VerticalLayout {

    RegisterModelView() {
        add(new H2("Register model"));
    }
}
