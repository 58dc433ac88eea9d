package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import dev.modelyard.models.ModelType;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.ui.RequiresWorkspaceRole;
import jakarta.annotation.security.PermitAll;
import java.util.Optional;

/**
 * Registers a model version from uploaded files; {@code ?name=} prefills the model name, {@code ?source=} (a
 * job output reference) registers from stored files instead, with {@code ?type=} as the suggested type.
 */
@Route(WorkspaceRoutes.PREFIX + "register")
@PageTitle("Register model · Modelyard")
@PermitAll
@RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
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
        QueryParameters params = event.getLocation().getQueryParameters();
        params.getSingleParameter(ModelsNavigation.PARAM_MODEL_NAME).filter(name -> !name.isBlank())
                .ifPresent(form::prefill);
        params.getSingleParameter(ModelsNavigation.PARAM_SOURCE).filter(source -> !source.isBlank())
                .ifPresent(source -> form.useSource(source, params.getSingleParameter(ModelsNavigation.PARAM_TYPE)
                        .flatMap(RegisterModelView::type)));
    }

    private static Optional<ModelType> type(String wireName) {
        try {
            return Optional.of(ModelType.fromWire(wireName));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }
}
