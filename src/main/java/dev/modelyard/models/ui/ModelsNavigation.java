package dev.modelyard.models.ui;

import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.models.ModelType;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import java.util.HashMap;
import java.util.Map;

/** Where the model views live, so that views link to each other without knowing each other's routes. */
public final class ModelsNavigation {

    public static final String PARAM_MODEL_NAME = "name";
    public static final String PARAM_VERSION = "version";
    public static final String PARAM_QUERY = "q";
    public static final String PARAM_SOURCE = "source";
    public static final String PARAM_TYPE = "type";

    private ModelsNavigation() {
    }

    /** The latest version of a model. */
    public static void toModel(String name) {
        WorkspaceRoutes.navigate(ModelDetailView.class, QueryParameters.empty(), PARAM_MODEL_NAME, name);
    }

    /** One version of a model. */
    public static void toVersion(String name, int version) {
        WorkspaceRoutes.navigate(ModelDetailView.class, QueryParameters.empty(), PARAM_MODEL_NAME, name,
                PARAM_VERSION, String.valueOf(version));
    }

    /** The Models view with a query. */
    public static void toModels(String query) {
        WorkspaceRoutes.navigate(ModelListView.class, query == null || query.isBlank()
                ? QueryParameters.empty() : QueryParameters.of(PARAM_QUERY, query));
    }

    /** The register form, optionally for an existing model name. */
    public static void toRegister(String name) {
        WorkspaceRoutes.navigate(RegisterModelView.class, name == null
                ? QueryParameters.empty() : QueryParameters.of(PARAM_MODEL_NAME, name));
    }

    /** The register form over stored files, e.g. a job's output folder {@code azureml://jobs/<job>/outputs/artifacts/paths/outputs/model}. */
    public static void toRegisterFrom(String sourceReference, ModelType suggestedType) {
        Map<String, String> params = new HashMap<>();
        params.put(PARAM_SOURCE, sourceReference);
        if (suggestedType != null) {
            params.put(PARAM_TYPE, suggestedType.wireName());
        }
        WorkspaceRoutes.navigate(RegisterModelView.class, QueryParameters.simple(params));
    }
}
