package dev.modelyard.models.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.upload.Upload;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The register form over a job's output folder: nothing to upload, nothing written, the job recorded. */
@IntegrationTest
@Timeout(120)
class RegisterFromSourceViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;

    String job;

    @BeforeEach
    void runAJobThatWritesAnMlflowModel() throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        String[] name = new String[1];
        Runnable unsubscribe = events.subscribe(e -> {
            if (e.jobName().equals(name[0]) && e.status().isTerminal()) {
                ended.countDown();
            }
        });
        try {
            TestUsers.runAs("trainer", AppRole.CONTRIBUTOR, () -> {
                try (StagedUpload code = ModelTestData.stageText(artifacts, Map.of("train.sh", """
                        mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                        printf 'flavors:\\n  python_function:\\n    loader_module: x\\n' > "$MODELYARD_OUTPUTS_DIR/model/MLmodel"
                        echo "$MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.pkl"
                        """))) {
                    JobDetails submitted = jobs.submit(new SubmitJobCommand("sh train.sh", "python-3@latest", "local",
                            null, "form-tests", null, null, null, null), code);
                    synchronized (name) {
                        name[0] = submitted.name();
                    }
                }
            });
            job = name[0];
            boolean[] done = new boolean[1];
            TestUsers.runAs("trainer", AppRole.READER, () -> done[0] = jobQueries.get(job).status().isTerminal());
            if (!done[0]) {
                assertThat(ended.await(90, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            unsubscribe.run();
        }
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, RegisterModelView.class,
                ModelDetailView.class, ModelListView.class);
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @Test
    void a_job_output_folder_registers_with_no_upload_and_no_new_bytes() {
        String name = ModelTestData.uniqueName("from-form");
        ModelsNavigation.toRegisterFrom("azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model", null);

        assertThat(_find(Upload.class)).as("no upload while registering from stored files").isEmpty();
        assertThat(_get(Span.class, spec -> spec.withId("source-reference")).getText())
                .isEqualTo("From job " + job + ": outputs/model/");
        assertThat(GridKt._size(_get(Grid.class, spec -> spec.withId("source-files")))).isEqualTo(2);
        assertThat(_get(RadioButtonGroup.class, spec -> spec.withId("model-type")).getValue()).isEqualTo(ModelType.MLFLOW);

        _setValue(_get(ComboBox.class, spec -> spec.withId("model-name")), name);
        _click(_get(Button.class, spec -> spec.withId("register-button")));

        ModelVersionDetails v = models.version(VersionRef.of(name, "1"));
        assertThat(v.storage().bytesNew()).isZero();
        assertThat(v.source().job()).isEqualTo(job);
        assertThat(v.source().path()).isEqualTo("outputs/model");
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath())
                .isEqualTo("w/default/models/" + name + "/versions/1");
        assertThat(_get(Anchor.class, spec -> spec.withId("version-source-job")).getHref()).isEqualTo("w/default/jobs/" + job);
    }

    @Test
    void a_path_the_job_did_not_produce_says_what_it_did_produce_and_keeps_the_upload() {
        ModelsNavigation.toRegisterFrom("jobs:/" + job + "/outputs/modle", ModelType.MLFLOW);

        assertThat(_find(Upload.class)).hasSize(1);
        assertThat(_get(Span.class, spec -> spec.withId("upload-error")).getText()).contains("outputs/model/");
    }
}
