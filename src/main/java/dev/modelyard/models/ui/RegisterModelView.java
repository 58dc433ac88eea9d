package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.models.ModelService;
import jakarta.annotation.security.RolesAllowed;

/** Registers a model version from uploaded files; {@code ?name=} prefills the model name. */
@Route("register")
@PageTitle("Register model · Modelyard")
@Menu(order = 2, icon = "vaadin:upload", title = "Register")
@RolesAllowed({"CONTRIBUTOR", "ADMIN"})
class RegisterModelView extends VerticalLayout implements BeforeEnterObserver {

    private final RegisterModelForm form;

    RegisterModelView(ModelService models, ArtifactService artifacts) {
        form = new RegisterModelForm(models, artifacts);
        addClassName("register-view");
        setAlignItems(FlexComponent.Alignment.CENTER);
        H2 title = new H2("Register model");
        title.addClassName("register-title");
        add(title, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter(ModelsNavigation.PARAM_MODEL_NAME)
                .filter(name -> !name.isBlank())
                .ifPresent(form::prefill);
    }
}
