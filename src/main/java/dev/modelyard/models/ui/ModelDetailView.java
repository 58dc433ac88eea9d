package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import jakarta.annotation.security.PermitAll;

/** One version of a model: {@code /models/{name}} opens the latest, {@code /models/{name}/versions/{n}} one version. */
@Route("models/:" + ModelsNavigation.PARAM_MODEL_NAME)
@RouteAlias("models/:" + ModelsNavigation.PARAM_MODEL_NAME + "/versions/:" + ModelsNavigation.PARAM_VERSION)
@PageTitle("Model · Modelyard")
@PermitAll
class ModelDetailView extends VerticalLayout implements BeforeEnterObserver {

    private final ModelService models;

    ModelDetailView(ModelService models) {
        this.models = models;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get(ModelsNavigation.PARAM_MODEL_NAME).orElse("");
        String version = event.getRouteParameters().get(ModelsNavigation.PARAM_VERSION).orElse(VersionRef.LATEST);
        removeAll();
        add(new H2(models.version(VersionRef.of(name, version)).reference()));
    }
}
