package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The Jobs and "Registration by reference" sections of the REST contract, over real processes. */
@IntegrationTest
@Timeout(120)
class JobApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    JobEvents events;
    @Autowired
    JobService jobService;

    ApiClient contributor;
    ApiClient reader;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
    }

    private ResponseEntity<Map> submit(String spec, Map<String, String> code) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new org.springframework.http.HttpEntity<>(spec, json));
        code.forEach((path, text) -> form.add("files", ApiClient.file(path, text.getBytes(StandardCharsets.UTF_8))));
        return contributor.send(HttpMethod.POST, "/api/v1/jobs", form, MediaType.MULTIPART_FORM_DATA);
    }

    private void awaitEnd(String name) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        Runnable unsubscribe = events.subscribe(e -> {
            if (e.jobName().equals(name) && e.status().isTerminal()) {
                ended.countDown();
            }
        });
        try {
            String status = (String) reader.get("/api/v1/jobs/" + name).getBody().get("status");
            if (!List.of("Completed", "Failed", "Canceled").contains(status)) {
                assertThat(ended.await(90, TimeUnit.SECONDS)).as("job " + name + " ended").isTrue();
            }
        } finally {
            unsubscribe.run();
        }
    }

    @Test
    void a_job_is_submitted_followed_and_its_model_registered_by_reference_with_no_new_bytes() throws Exception {
        ResponseEntity<Map> created = submit("""
                {"command": "sh train.sh", "environment": "python-3@latest", "compute": "local",
                 "displayName": "api job", "experimentName": "api-tests", "tags": {"kind": "api"}}""",
                Map.of("train.sh", """
                        echo training
                        mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
                        echo "weights of $MODELYARD_JOB_NAME" > "$MODELYARD_OUTPUTS_DIR/model/model.bin"
                        echo done
                        """));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String name = (String) created.getBody().get("name");
        assertThat(name).matches("[a-z]+_[a-z]+_[0-9a-z]{6}");
        assertThat(created.getBody()).containsEntry("displayName", "api job").containsEntry("experimentName", "api-tests")
                .containsEntry("environment", "python-3:1").containsEntry("compute", "local")
                .containsEntry("studioUrl", "/w/default/jobs/" + name);

        // follow=true streams until the job ends, so the whole log arrives in one call
        ResponseEntity<String> followed = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/jobs/" + name + "/logs?follow=true", String.class);
        assertThat(followed.getBody()).contains("training").contains("done");
        awaitEnd(name);

        Map<String, Object> job = reader.get("/api/v1/jobs/" + name).getBody();
        assertThat(job).containsEntry("status", "Completed").containsEntry("exitCode", 0);
        assertThat((List<Map<String, Object>>) job.get("statusHistory")).extracting(h -> h.get("status"))
                .containsExactly("Queued", "Preparing", "Running", "Finalizing", "Completed");

        List<Map<String, Object>> outputs = reader.get("/api/v1/jobs/" + name + "/outputs", List.class, new HttpHeaders()).getBody();
        assertThat(outputs).extracting(o -> o.get("path")).containsExactly("outputs/model/model.bin", "user_logs/std_log.txt");
        ResponseEntity<String> file = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/jobs/" + name + "/outputs/outputs/model/model.bin", String.class);
        assertThat(file.getBody()).isEqualTo("weights of " + name + "\n");

        String modelName = ModelTestData.uniqueName("api-from-job");
        ResponseEntity<Map> registered = contributor.send(HttpMethod.POST, "/api/v1/models/" + modelName + "/versions",
                Map.of("type", "custom_model", "source", "azureml://jobs/" + name + "/outputs/artifacts/paths/outputs/model",
                        "tags", Map.of("from", "job")), MediaType.APPLICATION_JSON);
        assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat((Map<String, Object>) registered.getBody().get("storage")).containsEntry("bytesNew", 0);
        assertThat(registered.getBody().get("source")).isEqualTo(Map.of("kind", "job", "job", name, "path", "outputs/model"));

        ResponseEntity<Map> wrong = contributor.send(HttpMethod.POST, "/api/v1/models/" + modelName + "/versions",
                Map.of("type", "custom_model", "source", "jobs:/" + name + "/outputs/modle"), MediaType.APPLICATION_JSON);
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) wrong.getBody().get("existingPaths")).contains("outputs/model/", "user_logs/std_log.txt");
        assertThat((String) wrong.getBody().get("detail")).contains("outputs/model/");
    }

    @Test
    void jobs_are_listed_by_experiment_and_status_and_cancel_answers_202() throws Exception {
        String experiment = ModelTestData.uniqueName("exp");
        String name = (String) submit("{\"command\": \"sh wait.sh\", \"environment\": \"python-3@latest\", \"experimentName\": \""
                + experiment + "\"}", Map.of("wait.sh", "sleep 60\n")).getBody().get("name");

        Map<String, Object> page = reader.get("/api/v1/jobs?experiment=" + experiment).getBody();
        assertThat((List<Map<String, Object>>) page.get("items")).extracting(i -> i.get("name")).containsExactly(name);
        assertThat(reader.get("/api/v1/jobs?status=Bogus").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        assertThat(reader.send(HttpMethod.POST, "/api/v1/jobs/" + name + "/cancel", null, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> cancel = contributor.send(HttpMethod.POST, "/api/v1/jobs/" + name + "/cancel", null, null);
        assertThat(cancel.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitEnd(name);
        assertThat(reader.get("/api/v1/jobs/" + name).getBody()).containsEntry("status", "Canceled");
        Map<String, Object> canceled = reader.get("/api/v1/jobs?experiment=" + experiment + "&status=Canceled").getBody();
        assertThat((List<?>) canceled.get("items")).hasSize(1);
    }

    @Test
    void bad_specs_and_unknown_names_answer_with_problem_details() {
        ResponseEntity<Map> env = submit("{\"command\": \"sh a.sh\", \"environment\": \"nope@latest\"}", Map.of("a.sh", "true"));
        assertThat(env.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) env.getBody().get("detail")).contains("python-3:1", "sklearn-1:1");

        ResponseEntity<Map> notJson = submit("{command", Map.of("a.sh", "true"));
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notJson.getBody()).containsEntry("field", "spec");

        ResponseEntity<Map> noCode = submit("{\"command\": \"sh a.sh\", \"environment\": \"python-3@latest\"}", Map.of());
        assertThat(noCode.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<Map> quote = submit("{\"command\": \"sh 'a.sh\", \"environment\": \"python-3@latest\"}", Map.of("a.sh", "true"));
        assertThat(quote.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(quote.getBody()).containsEntry("field", "command");

        assertThat(reader.get("/api/v1/jobs/no_such_job0").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<Map> badRef = contributor.send(HttpMethod.POST, "/api/v1/models/x/versions",
                Map.of("type", "custom_model", "source", "s3://bucket/model"), MediaType.APPLICATION_JSON);
        assertThat(badRef.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) badRef.getBody().get("detail")).contains("azureml://jobs/");
    }

    @Test
    void environments_and_computes_are_listed() {
        List<Map<String, Object>> envs = reader.get("/api/v1/environments", List.class, new HttpHeaders()).getBody();
        assertThat(envs).extracting(e -> e.get("name")).contains("python-3", "sklearn-1");
        List<Map<String, Object>> computes = reader.get("/api/v1/computes", List.class, new HttpHeaders()).getBody();
        // other tests of the shared context add targets to workspace default; the built-in one is always there
        assertThat(computes).filteredOn(c -> "local".equals(c.get("name"))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("builtIn", true).containsKeys("slots", "running", "queued"));
        Map<String, Object> check = reader.get("/api/v1/environments/python-3:1/check").getBody();
        assertThat(check).containsEntry("ready", true);
    }
}
