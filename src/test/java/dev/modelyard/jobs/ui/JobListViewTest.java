package dev.modelyard.jobs.ui;

import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.QueryParameters;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import dev.modelyard.workspaces.CreateWorkspaceCommand;
import dev.modelyard.workspaces.WorkspaceService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
@Timeout(120)
class JobListViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    WorkspaceService workspaces;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    private void signIn(String user, AppRole role) {
        KaribuSupport.signIn(context, user, role, JobListView.class, JobDetailView.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<JobListView.JobRow> grid() {
        return _get(Grid.class, spec -> spec.withId("jobs-grid"));
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid()); i++) {
            names.add(GridKt._get(grid(), i).job().name());
        }
        return names;
    }

    private static String badge(int row) {
        return ((Span) GridKt._getCellComponent(grid(), row, "status")).getText();
    }

    @Test
    void a_workspace_without_jobs_says_no_jobs_yet_and_a_filter_that_excludes_every_job_says_no_jobs_match() {
        String name = "no-jobs-" + Long.toString(System.nanoTime(), 36);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> workspaces.create(new CreateWorkspaceCommand(name, null, null)));
        signIn("admin", AppRole.ADMIN);

        UI.getCurrent().navigate("w/" + name + "/jobs");
        assertThat(GridKt._size(grid())).isZero();
        assertThat(grid().getEmptyStateComponent()).isNotNull();
        assertThat(_get(Span.class, spec -> spec.withId("jobs-empty-text")).getText()).isEqualTo("No jobs yet");
        assertThat(_get(Span.class, spec -> spec.withId("jobs-empty-hint")).getText()).startsWith("Submit a job");

        // the same words filter the same empty workspace: there are still no jobs at all
        UI.getCurrent().navigate("w/" + name + "/jobs", QueryParameters.of(JobListView.PARAM_TEXT, "anything"));
        assertThat(_get(Span.class, spec -> spec.withId("jobs-empty-text")).getText()).isEqualTo("No jobs yet");
    }

    @Test
    void a_filter_that_excludes_every_job_says_no_jobs_match() throws Exception {
        JobTestData.submit(jobs, artifacts, "echo hi\n", "empty-state");
        signIn(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params(),
                QueryParameters.of(JobListView.PARAM_TEXT, "no-job-is-called-this-" + System.nanoTime()));

        assertThat(GridKt._size(grid())).isZero();
        assertThat(_get(Span.class, spec -> spec.withId("jobs-empty-text")).getText()).isEqualTo("No jobs match");
        assertThat(_get(Span.class, spec -> spec.withId("jobs-empty-hint")).getText()).contains("clear them");
    }

    @Test
    void every_column_fits_its_content_so_names_and_dates_are_not_cut_while_width_is_spare() {
        signIn(TestUsers.READER, AppRole.READER);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params());

        assertThat(grid().getColumns()).allSatisfy(column -> assertThat(column.isAutoWidth()).as(column.getKey()).isTrue());
        assertThat(grid().getColumnByKey("name").getFlexGrow()).isPositive();
        assertThat(grid().getColumnByKey("displayName").getFlexGrow()).isPositive();
    }

    @Test
    void the_list_shows_a_submitted_job_and_filters_by_experiment_and_status() throws Exception {
        String expA = ModelTestData.uniqueName("exp-a");
        String expB = ModelTestData.uniqueName("exp-b");
        JobDetails a = JobTestData.submit(jobs, artifacts, "echo a", expA);
        JobDetails b = JobTestData.submit(jobs, artifacts, "echo b", expB);
        JobTestData.awaitEnd(jobQueries, events, a.name());
        JobTestData.awaitEnd(jobQueries, events, b.name());
        signIn(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params());
        assertThat(names()).contains(a.name(), b.name());
        assertThat(names().indexOf(b.name())).as("newest first").isLessThan(names().indexOf(a.name()));

        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params(), QueryParameters.of(JobListView.PARAM_EXPERIMENT, expA));
        assertThat(names()).containsExactly(a.name());
        assertThat(GridKt._getFormattedRow(grid(), 0)).contains(a.displayName(), expA, "local", TestUsers.CONTRIBUTOR);
        assertThat(badge(0)).isEqualTo("Completed");

        @SuppressWarnings("unchecked")
        ComboBox<String> experiment = _get(ComboBox.class, spec -> spec.withId("job-filter-experiment"));
        HasValueUtilsKt._setValue(experiment, expB, true);
        assertThat(names()).containsExactly(b.name());
        assertThat(UI.getCurrent().getActiveViewLocation().getQueryParameters().getParameters())
                .containsEntry(JobListView.PARAM_EXPERIMENT, List.of(expB));

        @SuppressWarnings("unchecked")
        Select<JobStatus> status = _get(Select.class, spec -> spec.withId("job-filter-status"));
        HasValueUtilsKt._setValue(status, JobStatus.FAILED, true);
        assertThat(names()).isEmpty();
        assertThat(UI.getCurrent().getActiveViewLocation().getQueryParameters().getParameters())
                .containsEntry(JobListView.PARAM_STATUS, List.of("Failed"));
        HasValueUtilsKt._setValue(status, JobStatus.COMPLETED, true);
        assertThat(names()).containsExactly(b.name());
    }

    @Test
    void the_status_badge_changes_when_the_job_completes_without_a_reload() throws Exception {
        String experiment = ModelTestData.uniqueName("exp-live");
        JobDetails job = JobTestData.submit(jobs, artifacts, "sleep 2\necho slow", experiment);
        signIn(TestUsers.READER, AppRole.READER);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params(), QueryParameters.of(JobListView.PARAM_EXPERIMENT, experiment));
        assertThat(badge(0)).isIn("Queued", "Preparing", "Running");

        JobTestData.awaitEnd(jobQueries, events, job.name());

        JobTestData.pushUntil(() -> badge(0).equals("Completed"));
        assertThat(GridKt._getFormattedRow(grid(), 0).get(7)).endsWith(" s");
    }

    @Test
    void a_row_click_opens_the_job_page() throws Exception {
        String experiment = ModelTestData.uniqueName("exp-click");
        JobDetails job = JobTestData.submit(jobs, artifacts, "echo hi", experiment);
        signIn(TestUsers.READER, AppRole.READER);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params(), QueryParameters.of(JobListView.PARAM_EXPERIMENT, experiment));

        GridKt._clickItem(grid(), 0);

        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).isEqualTo("w/default/jobs/" + job.name());
    }

    @Test
    void a_reader_sees_no_submit_button_and_a_contributor_does() {
        signIn(TestUsers.READER, AppRole.READER);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params());
        _assertNone(Button.class, spec -> spec.withId("submit-job"));
        KaribuSupport.tearDown();

        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        UI.getCurrent().navigate(JobListView.class, WorkspaceRoutes.params());
        _click(_get(Button.class, spec -> spec.withId("submit-job")));
        assertThat(_get(SubmitJobDialog.class).isOpened()).isTrue();
    }
}
