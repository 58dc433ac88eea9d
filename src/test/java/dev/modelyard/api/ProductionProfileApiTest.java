package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import dev.modelyard.support.ProductionProfileTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The REST acceptance path on the production layout: PostgreSQL, and an S3 server in another process. Register by
 * upload, list versions, query by tag, download a file and the zip, and run the diabetes sample as a job whose
 * model is registered from its outputs.
 */
@ProductionProfileTest
@Timeout(180)
class ProductionProfileApiTest {

    private static final Path SAMPLE = Path.of("samples/diabetes");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    DataSource dataSource;
    @Autowired
    BlobStore blobs;

    ApiClient contributor;
    ApiClient reader;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
    }

    @Test
    void the_context_really_runs_on_postgresql_and_the_external_s3_process() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        byte[] bytes = ("probe " + ModelTestData.uniqueName("s3")).getBytes(StandardCharsets.UTF_8);
        String key = "probe/" + ModelTestData.uniqueName("key");
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
        // the external server's own folder holds the object: it went through the other process
        Path stored = ProductionProfileTest.SERVERS.storage().dataDir().resolve("modelyard").resolve(key);
        assertThat(stored).hasBinaryContent(bytes);
        blobs.delete(key);
    }

    @Test
    void a_model_is_registered_listed_found_by_tag_and_downloaded_file_by_file_and_as_a_zip() throws Exception {
        String name = ModelTestData.uniqueName("prod");
        String team = ModelTestData.uniqueName("team");
        Map<String, byte[]> files = fixtureFiles(ModelTestData.MLFLOW_FIXTURE);

        ResponseEntity<Map> v1 = contributor.register(name, ApiClient.form("mlflow_model", files, List.of("team=" + team)));
        assertThat(v1.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(v1.getBody()).containsEntry("version", 1);
        ResponseEntity<Map> v2 = contributor.register(name, ApiClient.form("mlflow_model", files, List.of("team=" + team)));
        assertThat(v2.getBody()).containsEntry("version", 2);
        assertThat((Map<String, Object>) v2.getBody().get("storage")).containsEntry("bytesNew", 0);

        List<Map<String, Object>> versions = (List<Map<String, Object>>) reader.get("/api/v1/models/" + name + "/versions")
                .getBody().get("items");
        assertThat(versions).extracting(v -> v.get("version")).containsExactly(2, 1);
        List<Map<String, Object>> found = (List<Map<String, Object>>) reader.get("/api/v1/models", "q", "team=" + team)
                .getBody().get("items");
        assertThat(found).extracting(m -> m.get("name")).containsExactly(name);

        byte[] model = files.get("model.pkl");
        ResponseEntity<byte[]> file = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/models/" + name + "/versions/1/files/model.pkl", byte[].class);
        assertThat(file.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(file.getBody()).isEqualTo(model);
        assertThat(file.getHeaders().getFirst("X-Content-SHA256")).isEqualTo(sha256(model));

        ResponseEntity<byte[]> zip = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/models/" + name + "/versions/latest/download", byte[].class);
        assertThat(zip.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unzip(zip.getBody())).containsOnlyKeys(files.keySet())
                .allSatisfy((path, bytes) -> assertThat(bytes).isEqualTo(files.get(path)));
    }

    @Test
    void the_diabetes_sample_runs_as_a_job_and_its_model_is_registered_from_the_outputs() throws Exception {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        form.add("spec", new HttpEntity<>("""
                {"command": "python train.py --training_data diabetes.csv", "environment": "sklearn-1@latest",
                 "compute": "local", "experimentName": "diabetes-prod"}""", json));
        for (String f : List.of("train.py", "diabetes.csv")) {
            form.add("files", ApiClient.file(f, Files.readAllBytes(SAMPLE.resolve(f))));
        }
        ResponseEntity<Map> submitted = contributor.send(HttpMethod.POST, "/api/v1/jobs", form, MediaType.MULTIPART_FORM_DATA);
        assertThat(submitted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String job = (String) submitted.getBody().get("name");

        // follow=true streams the log until the job ends
        String log = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/jobs/" + job + "/logs?follow=true", String.class).getBody();
        assertThat(log).contains("Accuracy:");
        Map<String, Object> ended = reader.get("/api/v1/jobs/" + job).getBody();
        assertThat(ended).as("job %s, log:%n%s", job, log).containsEntry("status", "Completed");

        String name = ModelTestData.uniqueName("prod-diabetes");
        ResponseEntity<Map> registered = contributor.send(HttpMethod.POST, "/api/v1/models/" + name + "/versions",
                Map.of("type", "mlflow_model", "source", "azureml://jobs/" + job + "/outputs/artifacts/paths/outputs/model"),
                MediaType.APPLICATION_JSON);
        assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat((Map<String, Object>) registered.getBody().get("storage")).containsEntry("bytesNew", 0);
        ResponseEntity<byte[]> mlmodel = rest.withBasicAuth(TestUsers.READER, TestUsers.PASSWORD)
                .getForEntity("/api/v1/models/" + name + "/versions/1/files/MLmodel", byte[].class);
        assertThat(new String(mlmodel.getBody(), StandardCharsets.UTF_8)).contains("sklearn");
    }

    @Test
    void backups_through_modelyard_are_refused_on_postgresql_with_what_to_use_instead() {
        ResponseEntity<Map> refused = rest.withBasicAuth("admin", TestUsers.ADMIN_PASSWORD)
                .postForEntity("/api/v1/admin/backups", null, Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) refused.getBody().get("detail")).contains("pg_dump");
    }

    static Map<String, byte[]> fixtureFiles(String fixture) throws IOException {
        Path root = ModelTestData.fixture(fixture);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Path f : ModelTestData.fixtureFiles(fixture)) {
            files.put(root.relativize(f).toString(), Files.readAllBytes(f));
        }
        return files;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }
}
