package dev.modelyard.mlflow;

import static dev.modelyard.mlflow.MlflowTestSupport.call;
import static dev.modelyard.mlflow.MlflowTestSupport.json;
import static dev.modelyard.mlflow.MlflowTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.mlflow.MlflowTestSupport.Reply;
import dev.modelyard.security.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** runs/search and experiments/search with MLflow's filter grammar, order_by and page tokens, through the stock client. */
@IntegrationTest
@Timeout(120)
class MlflowRunSearchTest {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    MlflowClient client;
    String experiment;
    String a;
    String b;
    String c;
    String d;

    @BeforeEach
    void setUp() {
        TestUsers.ensureCreated(users);
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port + "/mlflow/default",
                TestUsers.CONTRIBUTOR, TestUsers.PASSWORD));
        experiment = client.createExperiment(unique("search"));
        a = run("alpha", 1000);
        b = run("beta", 2000);
        c = run("gamma", 3000);
        d = run("delta", 3000);
        client.logBatch(a, List.of(metric("acc", 0.7, 0), metric("acc", 0.9, 1), metric("loss", 0.2, 0)),
                List.of(param("lr", "0.1"), param("model", "cnn")), List.of(tag("team", "vision"), tag("data set", "imagenet")));
        client.logBatch(b, List.of(metric("acc", 0.6, 0)), List.of(param("lr", "0.01"), param("model", "rnn")),
                List.of(tag("team", "nlp")));
        // gamma's best accuracy was early: the latest point (highest step) is what search compares
        client.logBatch(c, List.of(metric("acc", 0.95, 0), metric("acc", 0.5, 1)), List.of(param("lr", "0.1")), List.of());
        client.setTerminated(c, Service.RunStatus.FINISHED, 4000);
        client.setTag(d, "team", "Vision");
    }

    private String run(String name, long start) {
        return client.createRun(Service.CreateRun.newBuilder().setExperimentId(experiment).setRunName(name)
                .setStartTime(start).build()).getRunId();
    }

    private static Service.Metric metric(String key, double value, long step) {
        return Service.Metric.newBuilder().setKey(key).setValue(value).setTimestamp(10_000 + step).setStep(step).build();
    }

    private static Service.Param param(String key, String value) {
        return Service.Param.newBuilder().setKey(key).setValue(value).build();
    }

    private static Service.RunTag tag(String key, String value) {
        return Service.RunTag.newBuilder().setKey(key).setValue(value).build();
    }

    private List<String> search(String filter, String... orderBy) {
        RunsPage page = client.searchRuns(List.of(experiment), filter, Service.ViewType.ACTIVE_ONLY, 1000, List.of(orderBy));
        return page.getItems().stream().map(r -> r.getInfo().getRunId()).toList();
    }

    /** c and d started together: MLflow breaks the tie on the run id. */
    private List<String> cd() {
        return c.compareTo(d) < 0 ? List.of(c, d) : List.of(d, c);
    }

    @Test
    void metric_filters_compare_each_runs_latest_value() {
        assertThat(search("metrics.acc > 0.55")).containsExactly(b, a);
        assertThat(search("metrics.acc <= 0.5")).containsExactly(c);
        assertThat(search("metric.loss = 0.2")).containsExactly(a);
        assertThat(search("metrics.acc != 0.6 AND metrics.acc >= 5e-1")).containsExactly(c, a);
    }

    @Test
    void param_tag_and_attribute_filters_follow_mlflows_grammar() {
        assertThat(search("params.lr = '0.1'")).containsExactly(c, a);
        assertThat(search("params.model LIKE '%nn' AND params.lr != '0.1'")).containsExactly(b);
        assertThat(search("tags.team ILIKE 'VISION'")).containsExactly(d, a);
        assertThat(search("tags.team LIKE 'vis%'")).containsExactly(a);
        assertThat(search("tags.`data set` = \"imagenet\"")).containsExactly(a);
        assertThat(search("attributes.status = 'FINISHED'")).containsExactly(c);
        assertThat(search("status != 'FINISHED'")).containsExactly(d, b, a);
        assertThat(search("attributes.run_name = 'beta'")).containsExactly(b);
        assertThat(search("run_name ILIKE 'G%'")).containsExactly(c);
        assertThat(search("attributes.start_time >= 2000")).containsExactlyElementsOf(concat(cd(), List.of(b)));
        assertThat(search("created < 2000")).containsExactly(a);
        assertThat(search("attributes.end_time = 4000")).containsExactly(c);
        assertThat(search("attributes.run_id IN ('" + a + "', '" + b + "')")).containsExactly(b, a);
        assertThat(search("run_id NOT IN ('" + a + "', '" + b + "')")).containsExactlyElementsOf(cd());
        assertThat(search("metrics.acc > 0.5 AND params.model = 'cnn' AND tags.team = 'vision'")).containsExactly(a);
        assertThat(search("params.nothing = 'x'")).isEmpty();
    }

    @Test
    void order_by_puts_missing_values_last_and_breaks_ties_on_start_time_then_run_id() {
        assertThat(search("")).containsExactlyElementsOf(concat(cd(), List.of(b, a)));
        assertThat(search("", "metrics.acc DESC")).containsExactly(a, b, c, d);
        assertThat(search("", "metrics.acc ASC")).containsExactly(c, b, a, d);
        assertThat(search("", "metrics.acc")).containsExactly(c, b, a, d);
        // '0.01' < '0.1' as text; a and c tie on lr and fall back to start_time DESC; d has no lr
        assertThat(search("", "params.lr ASC")).containsExactly(b, c, a, d);
        // binary order: 'vision' > 'nlp' > 'Vision'
        assertThat(search("", "tags.team DESC")).containsExactly(a, b, d, c);
        assertThat(search("", "attributes.start_time ASC")).containsExactlyElementsOf(concat(List.of(a, b), cd()));
        assertThat(search("", "attributes.run_name")).containsExactly(a, b, d, c);
        assertThat(search("", "status DESC", "start_time ASC")).containsExactly(a, b, d, c);
    }

    @Test
    void pages_follow_one_query_and_refuse_a_token_from_another() {
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            RunsPage page = client.searchRuns(List.of(experiment), "", Service.ViewType.ACTIVE_ONLY, 1,
                    List.of("metrics.acc DESC"), token.orElse(null));
            page.getItems().forEach(r -> seen.add(r.getInfo().getRunId()));
            token = page.getNextPageToken();
        } while (token.isPresent() && seen.size() < 10);
        assertThat(seen).containsExactly(a, b, c, d);

        RunsPage first = client.searchRuns(List.of(experiment), "", Service.ViewType.ACTIVE_ONLY, 2, List.of("metrics.acc DESC"));
        Reply other = call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/runs/search", json(Map.of(
                "experiment_ids", List.of(experiment), "max_results", 2, "order_by", List.of("metrics.acc ASC"),
                "page_token", first.getNextPageToken().orElseThrow())));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(other.body().get("message").asText())
                .isEqualTo("Invalid page_token: it belongs to a search with another filter or order_by");
    }

    @Test
    void malformed_run_filters_and_orders_say_where() {
        assertInvalid("metrics.acc > '0.5'",
                "Invalid filter at position 15 (at ''0.5''): metrics.acc compares with a number, not a quoted string");
        assertInvalid("params.lr > '1'", "Invalid filter at position 11 (at '> '1''): operator > does not apply to params.lr");
        assertInvalid("params.lr = 1", "Invalid filter at position 13 (at '1'): expected a value in single quotes");
        assertInvalid("model.x = 'a'", "Invalid filter at position 1 (at 'model.x = 'a''): unknown key prefix 'model'; "
                + "use metrics., params., tags., attributes. or datasets.");
        assertInvalid("attributes.owner = 'me'", "Invalid filter at position 1 (at 'attributes.owner = ''): unknown attribute "
                + "'owner'; use run_id, run_name, status, user_id, start_time or end_time, or metrics.<key>, params.<key>, "
                + "tags.<key>, datasets.<key>");
        assertInvalid("run_name IN ('a')", "Invalid filter at position 10 (at 'IN ('a')'): operator IN does not apply to run_name");
        assertInvalid("metrics.acc > 0.5 OR params.lr = '1'",
                "Invalid filter at position 19 (at 'OR params.lr = '1''): expected AND or the end of the filter");
        assertInvalid("tags.`team = 'x'", "Invalid filter at position 6 (at '`team = 'x''): unclosed backtick");

        Reply dup = call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/runs/search", json(Map.of(
                "experiment_ids", List.of(experiment), "order_by", List.of("metrics.acc", "metrics.acc DESC"))));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body().get("message").asText()).isEqualTo("`order_by` contains duplicate fields: metrics.acc, metrics.acc DESC");
        Reply badOrder = call(port, TestUsers.READER, "POST", "/api/2.0/mlflow/runs/search", json(Map.of(
                "experiment_ids", List.of(experiment), "order_by", List.of("metrics.acc SIDEWAYS"))));
        assertThat(badOrder.body().get("message").asText())
                .isEqualTo("Invalid order_by clause 'metrics.acc SIDEWAYS': direction must be ASC or DESC");
    }

    private void assertInvalid(String filter, String message) {
        Reply r = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/runs/search?experiment_ids=" + experiment + "&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8), null);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(r.body().get("message").asText()).isEqualTo(message);
    }

    @Test
    void experiments_are_searched_by_name_tags_and_times_ordered_and_paged() {
        String prefix = unique("exps");
        String first = client.createExperiment(prefix + "-b");
        String second = client.createExperiment(prefix + "-a");
        String third = client.createExperiment(prefix + "-c");
        client.setExperimentTag(first, "team", "risk");
        client.setExperimentTag(third, "team", "Risk-2");
        client.deleteExperiment(third);

        ExperimentsPage byName = client.searchExperiments("name LIKE '" + prefix + "%'", Service.ViewType.ALL, 10,
                List.of("name ASC"));
        assertThat(byName.getItems()).extracting(Service.Experiment::getExperimentId).containsExactly(second, first, third);
        // MLflow's default: newest first, then by id
        List<Service.Experiment> active = List.of(client.getExperiment(first), client.getExperiment(second));
        List<String> newestFirst = active.stream().sorted(java.util.Comparator
                .comparingLong(Service.Experiment::getCreationTime).reversed()
                .thenComparingLong(e -> Long.parseLong(e.getExperimentId()))).map(Service.Experiment::getExperimentId).toList();
        assertThat(client.searchExperiments("name LIKE '" + prefix + "%'").getItems())
                .extracting(Service.Experiment::getExperimentId).containsExactlyElementsOf(newestFirst);
        assertThat(client.searchExperiments("tags.team ILIKE 'risk%' AND name LIKE '" + prefix + "%'", Service.ViewType.ALL,
                10, List.of("experiment_id DESC")).getItems()).extracting(Service.Experiment::getExperimentId)
                .containsExactly(third, first);
        long created = client.getExperiment(second).getCreationTime();
        assertThat(client.searchExperiments("attributes.creation_time >= " + created + " AND name LIKE '" + prefix + "%'",
                Service.ViewType.DELETED_ONLY, 10, List.of()).getItems()).extracting(Service.Experiment::getExperimentId)
                .containsExactly(third);
        assertThat(client.getExperiment(first).getLastUpdateTime()).isGreaterThanOrEqualTo(client.getExperiment(first).getCreationTime());

        List<String> paged = new ArrayList<>();
        ExperimentsPage page = client.searchExperiments("name LIKE '" + prefix + "%'", Service.ViewType.ALL, 1, List.of("name DESC"));
        paged.addAll(page.getItems().stream().map(Service.Experiment::getExperimentId).toList());
        while (page.hasNextPage()) {
            page = (ExperimentsPage) page.getNextPage();
            paged.addAll(page.getItems().stream().map(Service.Experiment::getExperimentId).toList());
        }
        assertThat(paged).containsExactly(third, first, second);

        Reply bad = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/experiments/search?filter="
                + URLEncoder.encode("owner = 'x'", StandardCharsets.UTF_8), null);
        assertThat(bad.body().get("message").asText()).isEqualTo("Invalid filter at position 1 (at 'owner = 'x''): unknown "
                + "attribute 'owner'; use name, creation_time, last_update_time or tags.<key>");
        Reply badOrder = call(port, TestUsers.READER, "GET", "/api/2.0/mlflow/experiments/search?order_by="
                + URLEncoder.encode("metrics.x", StandardCharsets.UTF_8), null);
        assertThat(badOrder.body().get("message").asText())
                .isEqualTo("Invalid order_by key 'metrics.x'; use name, experiment_id, creation_time or last_update_time");
    }

    private static List<String> concat(List<String> x, List<String> y) {
        List<String> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }
}
