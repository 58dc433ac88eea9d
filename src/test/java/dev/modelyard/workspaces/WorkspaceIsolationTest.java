package dev.modelyard.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Two teams on one server: a contributor of workspace A reads, searches, downloads, references and autocompletes,
 * and gets nothing of workspace B — every B resource answers 404 as if it did not exist, and B's names never appear
 * in anything A sees. The same model name lives independently in both.
 */
@IntegrationTest
class WorkspaceIsolationTest {

    static final String PASSWORD = "workspace-test-password";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ModelService models;
    @Autowired
    WorkspaceService workspaces;

    String a;
    String b;
    String alice;
    String bob;
    String secretModel;

    @BeforeEach
    void two_teams() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = "team-a-" + run;
        b = "team-b-" + run;
        alice = "alice-" + run;
        bob = "bob-" + run;
        secretModel = "b-secret-" + run;
        assertThat(admin().postForEntity("/api/v1/workspaces", json(Map.of("name", a, "displayName", "Team A")), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(admin().postForEntity("/api/v1/workspaces", json(Map.of("name", b)), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        createUser(alice);
        createUser(bob);
        setRole(admin(), a, alice, "CONTRIBUTOR");
        setRole(admin(), b, bob, "CONTRIBUTOR");
    }

    @Test
    void the_same_name_in_two_workspaces_is_two_models_each_with_its_own_versions() {
        assertThat(register(as(alice), a, "fraud", "team=a").getBody()).containsEntry("version", 1);
        assertThat(register(as(bob), b, "fraud", "team=b").getBody()).containsEntry("version", 1);
        assertThat(register(as(alice), a, "fraud", "team=a").getBody()).containsEntry("version", 2);

        Map<String, Object> inB = as(bob).getForObject("/api/v1/workspaces/" + b + "/models/fraud", Map.class);
        assertThat(inB).containsEntry("versionCount", 1);
        Map<String, Object> inA = as(alice).getForObject("/api/v1/workspaces/" + a + "/models/fraud", Map.class);
        assertThat(inA).containsEntry("versionCount", 2);
    }

    @Test
    void a_member_of_a_gets_404_for_everything_of_b_and_never_sees_its_names() {
        register(as(bob), b, secretModel, "owner=bob-only");
        String job = submitJob(as(bob), b);

        String base = "/api/v1/workspaces/" + b;
        for (String path : List.of(base, base + "/models", base + "/models/" + secretModel,
                base + "/models/" + secretModel + "/versions", base + "/models/" + secretModel + "/versions/1",
                base + "/models/" + secretModel + "/versions/1/files",
                base + "/models/" + secretModel + "/versions/1/files/weights.bin",
                base + "/models/" + secretModel + "/versions/1/download", base + "/jobs", base + "/jobs/" + job,
                base + "/jobs/" + job + "/logs", base + "/jobs/" + job + "/outputs", base + "/environments",
                base + "/members")) {
            ResponseEntity<String> response = as(alice).getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            // the answer is the one a workspace that does not exist gets; only the request's own path is echoed back
            assertThat(response.getBody()).as(path)
                    .contains("workspace '" + b + "' does not exist or you are not a member of it");
            assertThat(response.getBody().replace(path, "")).as(path).doesNotContain(secretModel).doesNotContain(job);
        }
        // B's job is not reachable from A either, by path or by reference
        String ownBase = "/api/v1/workspaces/" + a;
        assertThat(as(alice).getForEntity(ownBase + "/jobs/" + job, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> byReference = as(alice).postForEntity(ownBase + "/models/stolen/versions",
                json(Map.of("type", "custom_model", "source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs")),
                String.class);
        assertThat(byReference.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as(alice).getForEntity(ownBase + "/models/stolen", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // writes into B are 404 too, and change nothing
        assertThat(register(as(alice), b, secretModel, "x=y").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as(bob).getForObject(base + "/models/" + secretModel, Map.class)).containsEntry("versionCount", 1);

        // what A sees: its listings, searches and workspace list name nothing of B
        register(as(alice), a, "a-model", "owner=alice");
        for (String path : List.of(ownBase + "/models", ownBase + "/models?q=owner=bob-only", ownBase + "/models?q=" + secretModel,
                ownBase + "/jobs", "/api/v1/workspaces", "/api/v1/models", "/api/v1/jobs")) {
            ResponseEntity<String> response = as(alice).getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(response.getBody()).as(path).doesNotContain(secretModel).doesNotContain(job).doesNotContain(b);
        }
        assertThat(as(alice).getForObject(ownBase + "/models?q=owner=bob-only", Map.class).get("items")).asList().isEmpty();
    }

    @Test
    void autocomplete_and_references_are_confined_to_the_bound_workspace() {
        register(as(bob), b, secretModel, "k=v");
        register(as(alice), a, "a-visible-" + b.substring(7), "k=v");
        signedInAs(alice);
        try {
            WorkspaceRef inA = workspaces.resolve(a);
            List<String> names = CurrentWorkspace.callIn(inA, () -> models.modelNames("", 1000));
            assertThat(names).contains("a-visible-" + b.substring(7)).doesNotContain(secretModel);
            assertThat(CurrentWorkspace.callIn(inA, () -> models.modelNames("b-secret", 10))).isEmpty();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void a_workspace_admin_manages_members_and_the_last_admin_stays() {
        String carol = "carol-" + a.substring(7);
        createUser(carol);
        // the platform admin made a, and is its first admin
        setRole(admin(), a, alice, "ADMIN");
        assertThat(setRole(as(alice), a, carol, "READER").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as(carol).getForEntity("/api/v1/workspaces/" + a + "/models", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        // a reader may not manage members
        assertThat(setRole(as(carol), a, carol, "ADMIN").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // removing a member takes effect on their next request
        assertThat(as(alice).exchange("/api/v1/workspaces/" + a + "/members/" + carol, HttpMethod.DELETE, null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(as(carol).getForEntity("/api/v1/workspaces/" + a + "/models", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // b has one admin (the platform admin who created it): demoting or removing them is refused
        ResponseEntity<String> demote = setRole(admin(), b, "admin", "READER");
        assertThat(demote.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(demote.getBody()).contains("last admin");
        assertThat(admin().exchange("/api/v1/workspaces/" + b + "/members/admin", HttpMethod.DELETE, null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void only_the_platform_admin_creates_workspaces_and_names_follow_the_model_name_rules() {
        assertThat(as(alice).postForEntity("/api/v1/workspaces", json(Map.of("name", "mine")), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> bad = admin().postForEntity("/api/v1/workspaces", json(Map.of("name", "../etc")), String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).contains("workspace name");
        assertThat(admin().postForEntity("/api/v1/workspaces", json(Map.of("name", a.toUpperCase())), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        Map<String, Object> own = as(alice).getForObject("/api/v1/workspaces/" + a, Map.class);
        assertThat(own).containsEntry("role", "CONTRIBUTOR").containsEntry("displayName", "Team A");
    }

    @Test
    void a_new_workspace_has_the_curated_environments_and_runs_jobs_there() throws InterruptedException {
        String job = submitJob(as(bob), b);
        Map<String, Object> done = awaitEnd(as(bob), "/api/v1/workspaces/" + b + "/jobs/" + job);
        assertThat(done.get("status")).isEqualTo("Completed");
        assertThat((String) done.get("studioUrl")).endsWith("/w/" + b + "/jobs/" + job);
        String log = as(bob).getForObject("/api/v1/workspaces/" + b + "/jobs/" + job + "/logs", String.class);
        assertThat(log).contains("trained in " + b);
    }

    /** Polls the job until it ends (or two minutes pass): the REST surface is what a user watches. */
    private Map<String, Object> awaitEnd(TestRestTemplate caller, String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Map<String, Object> job = caller.getForObject(path, Map.class);
            String status = (String) job.get("status");
            if (List.of("Completed", "Failed", "Canceled").contains(status) || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(200);
        }
    }

    private String submitJob(TestRestTemplate caller, String workspace) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders specHeaders = new HttpHeaders();
        specHeaders.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new HttpEntity<>("{\"command\": \"python3 train.py\", \"environment\": \"python-3@latest\"}",
                specHeaders));
        form.add("files", file("train.py", ("import os\nos.makedirs('outputs', exist_ok=True)\n"
                + "open('outputs/a.txt', 'w').write('x')\nprint('trained in " + workspace + "')\n")
                .getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<Map> response = caller.postForEntity("/api/v1/workspaces/" + workspace + "/jobs",
                new HttpEntity<>(form, multipart()), Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return (String) response.getBody().get("name");
    }

    private ResponseEntity<Map> register(TestRestTemplate caller, String workspace, String model, String tag) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("type", "custom_model");
        form.add("tags", tag);
        form.add("files", file("weights.bin", ("weights of " + model).getBytes(StandardCharsets.UTF_8)));
        return caller.postForEntity("/api/v1/workspaces/" + workspace + "/models/" + model + "/versions",
                new HttpEntity<>(form, multipart()), Map.class);
    }

    private ResponseEntity<String> setRole(TestRestTemplate caller, String workspace, String user, String role) {
        return caller.exchange("/api/v1/workspaces/" + workspace + "/members/" + user, HttpMethod.PUT,
                json(Map.of("role", role)), String.class);
    }

    private void createUser(String name) {
        assertThat(admin().postForEntity("/api/v1/users", json(Map.of("username", name, "password", PASSWORD,
                "role", "READER")), Map.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private static void signedInAs(String user) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_READER"))));
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD);
    }

    private TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, PASSWORD);
    }

    private static HttpEntity<Object> json(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static HttpHeaders multipart() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return headers;
    }

    private static ByteArrayResource file(String name, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
