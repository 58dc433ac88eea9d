package dev.modelyard.jobs.ui;

import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import dev.modelyard.shell.ui.MainLayout;
import dev.modelyard.shell.ui.NotFoundView;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.treegrid.TreeGrid;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.RegisterFromJobCommand;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.KaribuSupport;
import dev.modelyard.support.LitRenderers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@IntegrationTest
@Timeout(120)
class JobDetailViewTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JobService jobs;

    @Autowired
    dev.modelyard.jobs.JobQueryService queries;

    @Autowired
    dev.modelyard.jobs.JobOutputService outputService;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    dev.modelyard.jobs.JobOutputService jobOutputs;
    @Autowired
    JobEvents events;
    @Autowired
    ArtifactService artifacts;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    /** The register form and the version page are package-private in models.ui; their routes are named here. */
    @SuppressWarnings("unchecked")
    private void signIn(String user, AppRole role) throws ClassNotFoundException {
        KaribuSupport.signIn(context, user, role, JobListView.class, JobDetailView.class,
                (Class<? extends Component>) Class.forName("dev.modelyard.models.ui.RegisterModelView"),
                (Class<? extends Component>) Class.forName("dev.modelyard.models.ui.ModelDetailView"));
    }

    private JobDetails finishedModelJob() throws InterruptedException {
        JobDetails job = JobTestData.submit(jobs, artifacts, JobTestData.MODEL_SCRIPT, "view-tests");
        return JobTestData.awaitEnd(jobQueries, events, job.name());
    }

    private static void openTab(String label) {
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("job-tabs"));
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTabAt(i).getLabel().equals(label)) {
                tabs.setSelectedIndex(i);
                return;
            }
        }
        throw new AssertionError("no tab " + label);
    }

    private static String badge() {
        return _get(Span.class, spec -> spec.withId("job-status")).getText();
    }

    private static List<String> timeline() {
        return _find(ListItem.class).stream().map(li -> li.getElement().getAttribute("data-status")).toList();
    }

    @Test
    void a_finished_job_shows_its_fields_and_the_whole_status_timeline() throws Exception {
        JobDetails job = finishedModelJob();
        signIn(TestUsers.READER, AppRole.READER);

        JobDetailView.open(job.name());

        assertThat(badge()).isEqualTo("Completed");
        // no display name: the generated name is the title, shown once
        assertThat(_get(H2.class, spec -> spec.withId("job-title")).getText()).isEqualTo(job.name());
        _assertNone(Span.class, spec -> spec.withId("job-name"));
        assertThat(_get(Span.class, spec -> spec.withId("job-overview-command")).getText()).isEqualTo("sh run.sh");
        assertThat(timeline()).containsExactly("Queued", "Preparing", "Running", "Finalizing", "Completed");
        assertThat(_find(Span.class, spec -> spec.withClasses("job-timeline-spent")).get(0).getText()).startsWith("for ");
        assertThat(_find(Span.class, spec -> spec.withClasses("job-timeline-spent")).get(4).getText()).isEqualTo("final");
        assertThat(_get(Span.class, spec -> spec.withId("job-variables-list")).getText()).isEqualTo("GREETING=hello");
        assertThat(_get(Anchor.class, spec -> spec.withId("job-studio-url")).getHref()).endsWith("/jobs/" + job.name());
    }

    @Test
    void the_logs_tab_shows_the_output_and_downloads_the_whole_log() throws Exception {
        JobDetails job = finishedModelJob();
        signIn(TestUsers.READER, AppRole.READER);
        JobDetailView.open(job.name());

        openTab("Logs");

        String log = _get(Pre.class, spec -> spec.withId("job-log")).getText();
        assertThat(log).contains("training " + job.name()).contains("done");
        _assertNone(Span.class, spec -> spec.withId("job-log-note"));
        byte[] download = DownloadKt._download(_get(Anchor.class, spec -> spec.withId("job-log-download")));
        assertThat(new String(download, StandardCharsets.UTF_8)).isEqualTo(log);
    }

    @Test
    void a_long_log_shows_only_its_last_megabyte_with_a_note() throws Exception {
        JobDetails job = JobTestData.submit(jobs, artifacts, "yes 'a line of log text' | head -n 150000\necho the end\n",
                "view-tests");
        JobTestData.awaitEnd(jobQueries, events, job.name());
        signIn(TestUsers.READER, AppRole.READER);
        JobDetailView.open(job.name());

        openTab("Logs");

        String log = _get(Pre.class, spec -> spec.withId("job-log")).getText();
        assertThat(log.length()).isBetween(LogText.KEEP - 100, LogText.KEEP);
        assertThat(log).startsWith("a line of log text\n").endsWith("a line of log text\nthe end\n");
        assertThat(_get(Span.class, spec -> spec.withId("job-log-note")).getText()).contains("download the full log");
    }

    @Test
    void the_logs_tab_follows_a_running_job() throws Exception {
        JobDetails job = JobTestData.submit(jobs, artifacts, "echo first line\nsleep 2\necho second line\n", "view-tests");
        signIn(TestUsers.READER, AppRole.READER);
        JobDetailView.open(job.name());
        openTab("Logs");

        JobTestData.awaitEnd(jobQueries, events, job.name());

        JobTestData.pushUntil(() -> _get(Pre.class, spec -> spec.withId("job-log")).getText().contains("second line"));
        assertThat(_get(Pre.class, spec -> spec.withId("job-log")).getText()).containsOnlyOnce("first line");
    }

    @Test
    void the_badge_timeline_and_buttons_follow_the_job_while_the_page_is_open() throws Exception {
        JobDetails job = JobTestData.submit(jobs, artifacts, "sleep 2\necho slow\n", "view-tests");
        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        JobDetailView.open(job.name());
        assertThat(badge()).isIn("Queued", "Preparing", "Running");
        assertThat(_get(Button.class, spec -> spec.withId("job-cancel")).isVisible()).isTrue();

        JobTestData.awaitEnd(jobQueries, events, job.name());

        JobTestData.pushUntil(() -> badge().equals("Completed"));
        assertThat(timeline()).endsWith("Completed");
        _assertNone(Button.class, spec -> spec.withId("job-cancel"));
        assertThat(_get(Button.class, spec -> spec.withId("job-resubmit")).isVisible()).isTrue();
    }

    @Test
    void cancel_stops_a_running_job_and_the_page_shows_it() throws Exception {
        JobDetails job = JobTestData.submit(jobs, artifacts, "sleep 60\n", "view-tests");
        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        JobDetailView.open(job.name());

        _click(_get(Button.class, spec -> spec.withId("job-cancel")));

        assertThat(badge()).isIn("CancelRequested", "Canceled");
        JobTestData.awaitEnd(jobQueries, events, job.name());
        JobTestData.pushUntil(() -> badge().equals("Canceled"));
    }

    @Test
    void resubmit_opens_the_new_job_page() throws Exception {
        JobDetails job = finishedModelJob();
        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        JobDetailView.open(job.name());

        _click(_get(Button.class, spec -> spec.withId("job-resubmit")));

        String path = UI.getCurrent().getActiveViewLocation().getPath();
        assertThat(path).startsWith("w/default/jobs/").isNotEqualTo("w/default/jobs/" + job.name());
        // the copied display name (the first job's name) is the title; the new job's own name is under it
        assertThat(_get(H2.class, spec -> spec.withId("job-title")).getText()).isEqualTo(job.name());
        assertThat(_get(Span.class, spec -> spec.withId("job-name")).getText()).isEqualTo(path.substring("w/default/jobs/".length()));
        JobTestData.awaitEnd(jobQueries, events, path.substring("w/default/jobs/".length()));
    }

    @Test
    void the_outputs_tab_lists_the_files_and_registers_a_selected_folder() throws Exception {
        JobDetails job = finishedModelJob();
        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        JobDetailView.open(job.name());
        openTab("Outputs");

        @SuppressWarnings("unchecked")
        TreeGrid<OutputNode> tree = _get(TreeGrid.class, spec -> spec.withId("job-outputs"));
        OutputNode outputs = tree.getTreeData().getRootItems().get(0);
        assertThat(tree.getTreeData().getRootItems()).extracting(OutputNode::path).containsExactly("outputs", "user_logs");
        OutputNode model = tree.getTreeData().getChildren(outputs).get(0);
        assertThat(model.path()).isEqualTo("outputs/model");
        assertThat(tree.getTreeData().getChildren(model)).extracting(OutputNode::name).containsExactly("MLmodel", "model.pkl");
        assertThat(model.size()).isEqualTo(tree.getTreeData().getChildren(model).stream().mapToLong(OutputNode::size).sum());
        Button register = _get(Button.class, spec -> spec.withId("register-from-outputs"));
        assertThat(register.isEnabled()).isFalse();

        tree.select(model);
        _click(register);

        var location = UI.getCurrent().getActiveViewLocation();
        assertThat(location.getPath()).isEqualTo("w/default/register");
        assertThat(location.getQueryParameters().getParameters())
                .containsEntry("source", List.of("azureml://jobs/" + job.name() + "/outputs/artifacts/paths/outputs/model"))
                .containsEntry("type", List.of("mlflow_model"));
    }

    @Test
    void clicking_a_folder_name_selects_it_and_only_the_toggle_expands_or_collapses() throws Exception {
        JobDetails job = finishedModelJob();
        signIn(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
        JobDetailView.open(job.name());
        openTab("Outputs");

        @SuppressWarnings("unchecked")
        TreeGrid<OutputNode> tree = _get(TreeGrid.class, spec -> spec.withId("job-outputs"));
        OutputNode outputs = tree.getTreeData().getRootItems().get(0);
        OutputNode model = tree.getTreeData().getChildren(outputs).get(0);
        OutputNode file = tree.getTreeData().getChildren(model).get(0);
        Button register = _get(Button.class, spec -> spec.withId("register-from-outputs"));
        Span hint = _get(Span.class, spec -> spec.withId("register-from-outputs-hint"));
        assertThat(register.isEnabled()).isFalse();
        assertThat(hint.isVisible()).isTrue();
        assertThat(hint.getText()).isEqualTo("Select a folder (e.g. outputs/model) to register it as a model version");

        LitRenderers.call(tree, "name", "select", model);
        assertThat(tree.asSingleSelect().getValue()).isEqualTo(model);
        assertThat(tree.isExpanded(model)).isTrue();
        assertThat(register.isEnabled()).isTrue();
        assertThat(hint.getText()).isEqualTo("Registers 'outputs/model' as a new model version");

        LitRenderers.call(tree, "name", "select", file);
        assertThat(register.isEnabled()).isFalse();
        assertThat(hint.getText()).isEqualTo("'outputs/model/MLmodel' is a file: select the folder that holds the model");

        LitRenderers.call(tree, "name", "toggle", model);
        assertThat(tree.isExpanded(model)).isFalse();
        assertThat(tree.asSingleSelect().getValue()).isEqualTo(file);
        LitRenderers.call(tree, "name", "toggle", model);
        assertThat(tree.isExpanded(model)).isTrue();
        assertThat(LitRenderers.property(tree, "name", "name", model)).isEqualTo("model");
    }

    @Test
    void the_outputs_tab_waits_for_the_end_and_the_models_tab_lists_registered_versions() throws Exception {
        // the finished job first: a job still waiting for a slot (other tests' jobs may hold them) is as unfinished as a
        // running one for this tab, so the order does not depend on how many slots are free
        JobDetails done = finishedModelJob();
        JobDetails running = JobTestData.submit(jobs, artifacts, "sleep 60\n", "view-tests");
        String modelName = ModelTestData.uniqueName("from-job-view");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> jobOutputs.registerModel(modelName, null, new RegisterFromJobCommand(
                "mlflow_model", "jobs:/" + done.name() + "/outputs/model", null, Map.of(), null)));
        signIn(TestUsers.READER, AppRole.READER);

        JobDetailView.open(running.name());
        openTab("Outputs");
        assertThat(_get(Span.class, spec -> spec.withId("job-outputs-empty")).getText())
                .isEqualTo("Outputs appear when the job ends");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> jobs.cancel(running.name()));

        JobDetailView.open(done.name());
        _assertNone(Button.class, spec -> spec.withId("register-from-outputs"));
        openTab("Models");
        @SuppressWarnings("unchecked")
        Grid<VersionSummary> models = _get(Grid.class, spec -> spec.withId("job-models"));
        assertThat(GridKt._get(models, 0).name()).isEqualTo(modelName);
        GridKt._clickItem(models, 0);
        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).isEqualTo("w/default/models/" + modelName + "/versions/1");
    }

    @Test
    void a_version_registered_from_a_job_says_its_files_are_shared_with_the_jobs_outputs_not_other_versions()
            throws Exception {
        // contents unique to this job, so no other test's version holds them
        JobDetails job = JobTestData.submit(jobs, artifacts, """
                mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                printf 'flavors:\\n  python_function:\\n    loader_module: %s\\n' "$MODELYARD_JOB_NAME" \\
                  > "$MODELYARD_OUTPUTS_DIR/model/MLmodel"
                echo "weights of $MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.pkl"
                """, "view-tests");
        JobDetails done = JobTestData.awaitEnd(queries, events, job.name());
        String modelName = ModelTestData.uniqueName("from-job-storage");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> outputService.registerModel(modelName, null, new RegisterFromJobCommand(
                "mlflow_model", "jobs:/" + done.name() + "/outputs/model", null, Map.of(), null)));
        signIn(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate("w/default/models/" + modelName + "/versions/1");

        _assertNone(Span.class, spec -> spec.withId("storage-shared"));
        _assertNone(Span.class, spec -> spec.withId("storage-other-models"));
        String total = _get(Span.class, spec -> spec.withId("storage-total")).getText();
        assertThat(_get(Span.class, spec -> spec.withId("storage-unique")).getText()).isEqualTo("0 B");
        assertThat(_get(Span.class, spec -> spec.withId("storage-elsewhere")).getText()).isEqualTo(total);
        assertThat(_find(DescriptionList.Term.class).stream().map(DescriptionList.Term::getText))
                .contains("Shared with the outputs of job " + done.name());
    }

    @Test
    void a_reader_sees_no_cancel_or_resubmit() throws Exception {
        JobDetails job = JobTestData.submit(jobs, artifacts, "sleep 60\n", "view-tests");
        signIn(TestUsers.READER, AppRole.READER);

        JobDetailView.open(job.name());

        _assertNone(Button.class, spec -> spec.withId("job-cancel"));
        _assertNone(Button.class, spec -> spec.withId("job-resubmit"));
        TestUsers.runAs("admin", AppRole.ADMIN, () -> jobs.cancel(job.name()));
    }

    @Test
    void an_unknown_job_shows_the_not_found_view_in_the_layout_with_a_way_back_to_the_jobs() throws Exception {
        signIn(TestUsers.READER, AppRole.READER);

        UI.getCurrent().navigate("w/default/jobs/no-such-job-anywhere");

        List<HasElement> shown = UI.getCurrent().getInternals().getActiveRouterTargetsChain();
        assertThat(shown.get(0)).isInstanceOf(NotFoundView.class);
        assertThat(shown).anyMatch(MainLayout.class::isInstance);
        assertThat(_get(Paragraph.class, spec -> spec.withId("not-found-reason")).getText())
                .isEqualTo("Job 'no-such-job-anywhere' does not exist");
        Anchor back = _get(Anchor.class, spec -> spec.withId("not-found-back"));
        assertThat(back.getText()).isEqualTo("Back to Jobs");
        assertThat(back.getHref()).isEqualTo("w/default/jobs");
    }
}
