package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.call;
import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.mlflow.MlflowTestSupport.Reply;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The stock MLflow Java client's tracking calls: experiments, runs, params, metrics, batches, tags, run search. */
@IntegrationTest
@Timeout(120)
class MlflowTrackingClientTest {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;

    MlflowClient client;

    @BeforeEach
    void setUp() {
        TestUsers.ensureCreated(users);
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port + "/mlflow/default",
                TestUsers.CONTRIBUTOR, TestUsers.PASSWORD));
    }

    @Test
    void experiments_and_runs_are_created_logged_searched_and_ended_with_the_stock_client() {
        String name = unique("exp");
        String id = client.createExperiment(name);
        assertThat(client.getExperiment(id).getName()).isEqualTo(name);
        assertThat(client.getExperimentByName(name)).get().extracting(Service.Experiment::getExperimentId).isEqualTo(id);
        assertThatThrownBy(() -> client.createExperiment(name.toUpperCase())).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS"));
        client.setExperimentTag(id, "team", "risk");
        assertThat(client.getExperiment(id).getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).contains("team=risk");

        Service.RunInfo info = client.createRun(id);
        String run = info.getRunId();
        assertThat(info.getStatus()).isEqualTo(Service.RunStatus.RUNNING);
        assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + id + "/" + run + "/artifacts");
        client.logParam(run, "alpha", "0.5");
        client.logMetric(run, "loss", 1.0, 1000L, 0);
        client.logMetric(run, "loss", 0.5, 2000L, 1);
        List<Service.Metric> batch = new ArrayList<>();
        for (int step = 2; step < 50; step++) {
            batch.add(Service.Metric.newBuilder().setKey("loss").setValue(1.0 / step).setTimestamp(3000L + step).setStep(step).build());
        }
        client.logBatch(run, batch, List.of(Service.Param.newBuilder().setKey("epochs").setValue("50").build()),
                List.of(Service.RunTag.newBuilder().setKey("stage").setValue("train").build()));
        client.setTag(run, "owner", "carl");
        client.deleteTag(run, "stage");

        Service.Run got = client.getRun(run);
        assertThat(got.getData().getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue())
                .containsExactlyInAnyOrder("alpha=0.5", "epochs=50");
        assertThat(got.getData().getMetricsList()).extracting(m -> m.getKey() + "@" + m.getStep()).containsExactly("loss@49");
        assertThat(got.getData().getTagsList()).extracting(Service.RunTag::getKey).contains("owner").doesNotContain("stage");
        List<Service.Metric> history = client.getMetricHistory(run, "loss");
        assertThat(history).hasSize(50);
        assertThat(history.get(0).getValue()).isEqualTo(1.0);
        assertThat(history.get(49).getStep()).isEqualTo(49);

        // a param keeps its first value, as in MLflow
        assertThatThrownBy(() -> client.logParam(run, "alpha", "0.9")).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("Changing param values is not allowed"));

        // the run is a job with no command, listed with the jobs
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> {
            var job = jobQueries.get(run);
            assertThat(job.command()).isNull();
            assertThat(job.compute()).isEqualTo("external");
            assertThat(job.experimentName()).isEqualTo(name);
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        });

        assertThat(client.searchRuns(List.of(id), "")).extracting(Service.RunInfo::getRunId).containsExactly(run);
        client.setTerminated(run, Service.RunStatus.FINISHED, 99_000L);
        assertThat(client.getRun(run).getInfo().getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(client.getRun(run).getInfo().getEndTime()).isEqualTo(99_000L);
        TestUsers.runAs(TestUsers.READER, AppRole.READER, () -> assertThat(jobQueries.get(run).status()).isEqualTo(JobStatus.COMPLETED));

        client.deleteRun(run);
        assertThat(client.searchRuns(List.of(id), "")).isEmpty();
        assertThat(client.searchRuns(List.of(id), "", Service.ViewType.DELETED_ONLY)).extracting(Service.RunInfo::getRunId)
                .containsExactly(run);
        client.restoreRun(run);
        assertThat(client.searchRuns(List.of(id), "")).hasSize(1);

        client.renameExperiment(id, name + "-renamed");
        assertThat(client.getExperiment(id).getName()).isEqualTo(name + "-renamed");
        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchExperiments().getItems()).extracting(Service.Experiment::getExperimentId).doesNotContain(id);
        client.restoreExperiment(id);
        assertThat(client.searchExperiments().getItems()).extracting(Service.Experiment::getExperimentId).contains(id);

        // the default experiment "0"
        Service.RunInfo inDefault = client.createRun();
        assertThat(client.getRun(inDefault.getRunId()).getInfo().getExperimentId()).isNotEmpty();
    }

    @Test
    void log_batch_limits_are_answered_as_mlflow_answers_them() {
        String id = client.createExperiment(unique("limits"));
        String run = client.createRun(id).getRunId();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            metrics.add(Map.of("key", "m", "value", i, "timestamp", 1, "step", i));
        }
        Reply tooMany = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/runs/log-batch",
                json(Map.of("run_id", run, "metrics", metrics)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(tooMany.body().get("message").asText()).isEqualTo("A batch logging request can contain at most 1000 "
                + "metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.");

        List<Map<String, String>> params = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            params.add(Map.of("key", "p" + i, "value", "v"));
        }
        Reply tooManyParams = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/runs/log-batch",
                json(Map.of("run_id", run, "params", params)));
        assertThat(tooManyParams.body().get("message").asText()).isEqualTo("A batch logging request can contain at most 100 "
                + "params. Got 101 params. Please split up params across multiple requests and try again.");

        Reply longValue = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/runs/log-parameter",
                json(Map.of("run_id", run, "key", "big", "value", "x".repeat(6001))));
        assertThat(longValue.status()).isEqualTo(400);
        assertThat(longValue.body().get("message").asText()).isEqualTo("Param 'big' had length 6001, which exceeded length limit of 6000");

        Reply badKey = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/runs/log-metric",
                json(Map.of("run_id", run, "key", "../escape", "value", 1, "timestamp", 1, "step", 0)));
        assertThat(badKey.status()).isEqualTo(400);

        // nothing of a refused batch was written
        assertThat(client.getRun(run).getData().getMetricsCount()).isZero();
        assertThat(client.getRun(run).getData().getParamsCount()).isZero();

        Reply exactly1000 = call(port, TestUsers.CONTRIBUTOR, "POST", "/api/2.0/mlflow/runs/log-batch",
                json(Map.of("run_id", run, "metrics", metrics.subList(0, 1000))));
        assertThat(exactly1000.status()).as(exactly1000.text()).isEqualTo(200);
        assertThat(client.getMetricHistory(run, "m")).hasSize(1000);
        assertThat(call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/runs/get?run_id=no_such_run", null).body()
                .get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }
}
