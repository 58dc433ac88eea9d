package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.security.UserService;
import dev.modelyard.workspaces.CreateWorkspaceCommand;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.security.AppRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Compute targets as workspace resources (issue 10, deliverable 4): create, use, isolate, delete. */
@IntegrationTest
@Timeout(120)
class ComputeApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    JobService jobs;

    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    JobEvents events;
    @Autowired
    WorkspaceService workspaces;

    ApiClient admin;
    ApiClient contributor;
    ApiClient reader;
    final String suffix = Long.toString(System.nanoTime(), 36);

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        admin = new ApiClient(rest, "admin", TestUsers.ADMIN_PASSWORD);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
    }

    private ResponseEntity<Map> create(ApiClient who, String base, String body) {
        return who.send(HttpMethod.POST, base + "/computes", body, MediaType.APPLICATION_JSON);
    }

    @Test
    void an_admin_creates_a_local_target_with_its_slots_and_jobs_run_on_it() throws Exception {
        String name = "aml-" + suffix;
        ResponseEntity<Map> created = create(admin, "/api/v1", "{\"name\": \"" + name + "\", \"kind\": \"local\", \"slots\": 2}");
        assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/computes/" + name);
        assertThat(created.getBody()).containsEntry("name", name).containsEntry("kind", "local").containsEntry("slots", 2)
                .containsEntry("running", 0).containsEntry("queued", 0).containsEntry("builtIn", false);

        List<Map<String, Object>> listed = reader.list("/api/v1/computes").getBody();
        assertThat(listed).extracting(m -> m.get("name")).contains("local", name);

        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new org.springframework.http.HttpEntity<>("{\"command\": \"sh run.sh\", \"environment\": "
                + "\"python-3@latest\", \"compute\": \"" + name + "\"}", json));
        form.add("files", ApiClient.file("run.sh", "echo on $MODELYARD_JOB_NAME\n".getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<Map> job = contributor.send(HttpMethod.POST, "/api/v1/jobs", form, MediaType.MULTIPART_FORM_DATA);
        assertThat(job.getStatusCode().value()).as(String.valueOf(job.getBody())).isEqualTo(201);
        assertThat(job.getBody()).containsEntry("compute", name);
        var done = JobWaiter.until(queries, events, (String) job.getBody().get("name"), JobStatus::isTerminal, Duration.ofSeconds(90));
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);

        ResponseEntity<Map> deleted = admin.send(HttpMethod.DELETE, "/api/v1/computes/" + name, null, null);
        assertThat(deleted.getStatusCode().value()).isEqualTo(204);
        assertThat(reader.get("/api/v1/computes/" + name).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void an_unknown_compute_on_submission_is_400_listing_what_exists() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new org.springframework.http.HttpEntity<>("{\"command\": \"sh run.sh\", \"environment\": "
                + "\"python-3@latest\", \"compute\": \"nowhere\"}", json));
        form.add("files", ApiClient.file("run.sh", "echo x\n".getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<Map> job = contributor.send(HttpMethod.POST, "/api/v1/jobs", form, MediaType.MULTIPART_FORM_DATA);
        assertThat(job.getStatusCode().value()).isEqualTo(400);
        assertThat((String) job.getBody().get("detail")).contains("unknown compute 'nowhere'").contains("known computes: ")
                .contains("local");
    }

    @Test
    void bad_definitions_are_refused_and_store_nothing() {
        assertThat(create(admin, "/api/v1", "{\"name\": \"r-" + suffix + "\", \"kind\": \"slurm\"}")
                .getBody().get("detail")).asString().contains("compute kind 'slurm' is not available").contains("local")
                .contains("ray");
        assertThat(create(admin, "/api/v1", "{\"name\": \"r-" + suffix + "\", \"kind\": \"ray\", \"address\": \"no port\", "
                + "\"resources\": {\"cpus\": 1}}").getBody().get("detail")).asString().contains("host:port");
        assertThat(create(admin, "/api/v1", "{\"name\": \"r-" + suffix + "\", \"kind\": \"ray\", \"address\": \"127.0.0.1:6379\"}")
                .getBody().get("detail")).asString().contains("resources.cpus");
        assertThat(create(admin, "/api/v1", "{\"name\": \"../x\", \"kind\": \"local\"}").getStatusCode().value()).isEqualTo(400);
        assertThat(create(admin, "/api/v1", "{\"name\": \"s-" + suffix + "\", \"kind\": \"local\", \"slots\": 0}")
                .getStatusCode().value()).isEqualTo(400);
        assertThat(create(admin, "/api/v1", "{\"name\": \"local\", \"kind\": \"local\"}").getStatusCode().value()).isEqualTo(409);
        assertThat(create(reader, "/api/v1", "{\"name\": \"q-" + suffix + "\", \"kind\": \"local\"}").getStatusCode().value())
                .isEqualTo(403);
        assertThat(create(contributor, "/api/v1", "{\"name\": \"q-" + suffix + "\", \"kind\": \"local\"}").getStatusCode().value())
                .isEqualTo(403);
        assertThat(admin.send(HttpMethod.DELETE, "/api/v1/computes/local", null, null).getStatusCode().value()).isEqualTo(400);
        assertThat(reader.list("/api/v1/computes").getBody()).extracting(m -> ((Map<?, ?>) m).get("name"))
                .doesNotContain("r-" + suffix, "s-" + suffix, "q-" + suffix);
    }

    @Test
    void a_target_exists_only_in_its_workspace() {
        String ws = "cw-" + suffix;
        TestUsers.runAs("admin", AppRole.ADMIN, () -> workspaces.create(new CreateWorkspaceCommand(ws, ws, null)));
        String name = "only-" + suffix;
        assertThat(create(admin, "/api/v1/workspaces/" + ws, "{\"name\": \"" + name + "\", \"slots\": 1}")
                .getStatusCode().value()).isEqualTo(201);
        assertThat(admin.get("/api/v1/workspaces/" + ws + "/computes/" + name).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<Map> elsewhere = admin.get("/api/v1/computes/" + name);
        assertThat(elsewhere.getStatusCode().value()).isEqualTo(404);
        assertThat((String) elsewhere.getBody().get("detail")).contains("known computes: local");
        // a member of default only is not told the workspace exists
        assertThat(reader.get("/api/v1/workspaces/" + ws + "/computes").getStatusCode().value()).isEqualTo(404);
    }
}
