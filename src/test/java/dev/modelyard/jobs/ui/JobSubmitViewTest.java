package dev.modelyard.jobs.ui;

import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.UploadKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The submit dialog, opened from the Jobs list, over the real services; code goes through the Upload's handler. */
@IntegrationTest
@Timeout(120)
class JobSubmitViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    JobEvents events;

    @BeforeEach
    void openDialog() {
        KaribuSupport.signIn(context, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, JobListView.class, JobDetailView.class);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params());
        _click(_get(Button.class, spec -> spec.withId("submit-job")));
    }

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<String> environment() {
        return _get(ComboBox.class, spec -> spec.withId("job-environment"));
    }

    private static TextField command() {
        return _get(TextField.class, spec -> spec.withId("job-command"));
    }

    private static void upload(String fileName, String content) {
        UploadKt._upload(_get(Upload.class, spec -> spec.withId("job-code-upload")), fileName, "text/plain",
                content.getBytes(StandardCharsets.UTF_8));
    }

    private static void submit() {
        _click(_get(Button.class, spec -> spec.withId("job-submit")));
    }

    @Test
    void the_dialog_offers_the_environments_and_computes_with_sensible_defaults() {
        assertThat(environment().getValue()).isEqualTo(SubmitJobDialog.DEFAULT_ENVIRONMENT);
        assertThat(ComboBoxKt.getSuggestions(environment())).contains("python-3@latest", "sklearn-1@latest",
                "python-3:1", "sklearn-1:1");
        assertThat(_get(Select.class, spec -> spec.withId("job-compute")).getValue()).isEqualTo("local");
    }

    @Test
    void an_unknown_environment_is_shown_beside_the_environment_field() {
        upload("run.sh", "echo hi");
        _setValue(command(), "sh run.sh");
        ComboBoxKt._fireCustomValueSet(environment(), "conda-9@latest");

        submit();

        assertThat(environment().isInvalid()).isTrue();
        assertThat(environment().getErrorMessage()).startsWith("Unknown environment 'conda-9@latest'")
                .contains("python-3:1");
        assertThat(command().isInvalid()).isFalse();
        assertThat(_get(SubmitJobDialog.class).isOpened()).isTrue();
    }

    @Test
    void an_unbalanced_quote_is_shown_beside_the_command() {
        upload("run.sh", "echo hi");
        _setValue(command(), "sh run.sh 'unfinished");

        submit();

        assertThat(command().isInvalid()).isTrue();
        assertThat(command().getErrorMessage()).startsWith("At column").containsIgnoringCase("quote");
    }

    @Test
    void submitting_without_code_says_so_beside_the_upload() {
        _setValue(command(), "sh run.sh");

        submit();

        Span error = _get(Span.class, spec -> spec.withId("job-code-error"));
        assertThat(error.getText()).startsWith("Upload the job's code");
    }

    @Test
    void a_valid_job_is_submitted_and_its_page_opens() throws Exception {
        String experiment = ModelTestData.uniqueName("dialog");
        upload("run.sh", "echo \"hello from $GREETING\"\n");
        upload("data.txt", "some data");
        assertThat(_get(Span.class, spec -> spec.withId("job-code-files")).getText()).startsWith("2 files");
        _setValue(command(), "sh run.sh");
        ComboBoxKt._fireCustomValueSet(environment(), "python-3@latest");
        _setValue(_get(TextField.class, spec -> spec.withId("job-display-name")), "Dialog job");
        @SuppressWarnings("unchecked")
        ComboBox<String> exp = _get(ComboBox.class, spec -> spec.withId("job-experiment"));
        ComboBoxKt._fireCustomValueSet(exp, experiment);
        _click(_get(Button.class, spec -> spec.withId("job-variables-add")));
        _setValue(_get(TextField.class, spec -> spec.withId("job-variables-key-0")), "GREETING");
        _setValue(_get(TextField.class, spec -> spec.withId("job-variables-value-0")), "the dialog");
        _setValue(_get(IntegerField.class, spec -> spec.withId("job-timeout")), 60);

        submit();

        String path = UI.getCurrent().getActiveViewLocation().getPath();
        assertThat(path).startsWith("w/default/jobs/");
        String name = path.substring("w/default/jobs/".length());
        NotificationsKt.expectNotifications("Job " + name + " submitted");
        JobDetails job = JobWaiter.until(jobQueries, events, name, JobStatus::isTerminal, Duration.ofSeconds(90));
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.displayName()).isEqualTo("Dialog job");
        assertThat(job.experimentName()).isEqualTo(experiment);
        assertThat(job.environment()).isEqualTo("python-3:1");
        assertThat(job.environmentVariables()).containsEntry("GREETING", "the dialog");
        assertThat(job.timeoutSeconds()).isEqualTo(60);
        assertThat(_get(Span.class, spec -> spec.withId("job-status")).getText()).isNotEmpty();
    }
}
