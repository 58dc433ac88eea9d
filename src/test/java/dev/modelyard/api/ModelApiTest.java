package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;

@IntegrationTest
class ModelApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @Autowired
    BlobStore blobs;

    ApiClient contributor;
    ApiClient reader;
    ApiClient admin;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
        admin = new ApiClient(rest, "admin", TestUsers.ADMIN_PASSWORD);
    }

    private static Map<String, byte[]> oneFile(String content) {
        return Map.of("model.bin", content.getBytes(StandardCharsets.UTF_8));
    }

    private int objectCount() {
        AtomicInteger count = new AtomicInteger();
        blobs.list("blobs/", stat -> count.incrementAndGet());
        return count.get();
    }

    private static MultiValueMap<String, Object> fixtureForm(String type, String fixture) throws IOException {
        Path root = ModelTestData.fixture(fixture);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Path f : ModelTestData.fixtureFiles(fixture)) {
            files.put(root.relativize(f).toString(), Files.readAllBytes(f));
        }
        return ApiClient.form(type, files, List.of("team=risk", "auc=0.91"));
    }

    @Test
    void posting_twice_gives_versions_1_and_2_and_the_same_bytes_again_write_nothing_new() {
        String name = ModelTestData.uniqueName("m");
        var form = ApiClient.form("custom_model", oneFile("bytes of " + name), List.of("team=fraud"));

        ResponseEntity<Map> first = contributor.register(name, form);
        ResponseEntity<Map> second = contributor.register(name, form);
        ResponseEntity<Map> third = contributor.register(name, form);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getHeaders().getLocation()).hasToString("/api/v1/models/" + name + "/versions/1");
        assertThat(List.of(first.getBody().get("version"), second.getBody().get("version"), third.getBody().get("version")))
                .containsExactly(1, 2, 3);
        assertThat((Map<String, Object>) third.getBody().get("storage")).containsEntry("bytesNew", 0);
        assertThat((Map<String, Object>) first.getBody().get("tags")).containsEntry("team", "fraud");
        assertThat(first.getBody().get("source")).isEqualTo(Map.of("kind", "upload"));
    }

    @Test
    void a_zip_holding_a_parent_path_is_refused_and_writes_nothing() throws IOException {
        String name = ModelTestData.uniqueName("evil");
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            zip.putNextEntry(new ZipEntry("ok.txt"));
            zip.write("fine".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("../evil"));
            zip.write(("evil " + name).getBytes(StandardCharsets.UTF_8));
        }
        var form = ApiClient.form("custom_model", Map.of(), List.of());
        form.add("archive", ApiClient.file("model.zip", zipBytes.toByteArray()));
        int objectsBefore = objectCount();

        ResponseEntity<Map> response = contributor.register(name, form);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat((String) response.getBody().get("detail")).contains("../evil");
        assertThat(reader.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(objectCount()).isEqualTo(objectsBefore);
    }

    @Test
    void an_archive_of_one_folder_is_registered_from_inside_it_and_says_so() throws IOException {
        String name = ModelTestData.uniqueName("wrapped");
        Path root = ModelTestData.fixture(ModelTestData.MLFLOW_FIXTURE);
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            zip.putNextEntry(new ZipEntry("model-folder/"));
            for (Path file : ModelTestData.fixtureFiles(ModelTestData.MLFLOW_FIXTURE)) {
                zip.putNextEntry(new ZipEntry("model-folder/" + root.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
            }
        }
        var form = ApiClient.form("mlflow_model", Map.of(), List.of());
        form.add("archive", ApiClient.file("m.zip", zipBytes.toByteArray()));

        ResponseEntity<Map> created = contributor.register(name, form);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().get("source")).isEqualTo(Map.of("kind", "upload", "path", "model-folder"));
        assertThat((Map<String, Object>) ((Map<String, Object>) created.getBody().get("format")).get("flavors"))
                .containsKey("sklearn");
        List<Map<String, Object>> files = reader.list("/api/v1/models/" + name + "/versions/1/files").getBody();
        assertThat(files).extracting(f -> f.get("path")).contains("MLmodel", "model.pkl")
                .noneMatch(p -> ((String) p).startsWith("model-folder"));
    }

    @Test
    void the_mlflow_fixture_registers_and_returns_its_signature() throws IOException {
        String name = ModelTestData.uniqueName("mlflow-diabetes");
        ResponseEntity<Map> created = contributor.register(name, fixtureForm("mlflow_model", ModelTestData.MLFLOW_FIXTURE));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        Map<String, Object> version = reader.get("/api/v1/models/" + name + "/versions/1").getBody();
        assertThat(version.get("type")).isEqualTo("mlflow_model");
        Map<String, Object> signature = (Map<String, Object>) ((Map<String, Object>) version.get("format")).get("signature");
        assertThat((List<?>) signature.get("inputs")).hasSize(8);
        assertThat((List<?>) signature.get("outputs")).hasSize(1);
        assertThat((Map<String, Object>) version.get("files")).containsEntry("count", 5);
    }

    @Test
    void the_triton_fixture_registers_with_three_model_configs() throws IOException {
        String name = ModelTestData.uniqueName("triton");
        ResponseEntity<Map> created = contributor.register(name, fixtureForm("triton_model", ModelTestData.TRITON_FIXTURE));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        List<Map<String, Object>> models = (List<Map<String, Object>>) ((Map<String, Object>) created.getBody().get("format")).get("models");
        assertThat(models).extracting(m -> m.get("name")).containsExactlyInAnyOrder("simple", "simple_string", "simple_int8");
        assertThat(models).allSatisfy(m -> assertThat(m).containsEntry("maxBatchSize", 8).containsKeys("inputs", "outputs"));
    }

    @Test
    void an_mlflow_upload_without_mlmodel_is_400_saying_so() {
        String name = ModelTestData.uniqueName("nomlmodel");
        ResponseEntity<Map> response = contributor.register(name, ApiClient.form("mlflow_model", oneFile("x"), List.of()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getBody().get("detail")).contains("MLmodel");
    }

    @Test
    void an_explicit_version_is_201_then_409() {
        String name = ModelTestData.uniqueName("explicit");
        var form = ApiClient.form("custom_model", oneFile("x"), List.of());
        String path = "/api/v1/models/" + name + "/versions/7";

        assertThat(contributor.send(HttpMethod.PUT, path, form, MediaType.MULTIPART_FORM_DATA).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        ResponseEntity<Map> again = contributor.send(HttpMethod.PUT, path, form, MediaType.MULTIPART_FORM_DATA);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) again.getBody().get("detail")).contains("version 7");
    }

    @Test
    void bad_input_is_400_with_a_message_and_no_stack_trace() {
        String name = ModelTestData.uniqueName("bad");
        ResponseEntity<Map> badType = contributor.register(name, ApiClient.form("onnx_model", oneFile("x"), List.of()));
        ResponseEntity<Map> badName = contributor.register("-bad", ApiClient.form("custom_model", oneFile("x"), List.of()));
        ResponseEntity<Map> noFiles = contributor.register(name, ApiClient.form("custom_model", Map.of(), List.of()));
        ResponseEntity<Map> badTag = contributor.register(name, ApiClient.form("custom_model", oneFile("x"), List.of("a b=c")));

        for (ResponseEntity<Map> r : List.of(badType, badName, noFiles, badTag)) {
            assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getBody().toString()).doesNotContain("Exception", "\tat ", "/work", "target");
        }
        assertThat((String) badType.getBody().get("detail")).contains("custom_model");
        assertThat(badName.getBody().get("field")).isEqualTo("name");
        assertThat(reader.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void files_are_listed_downloaded_with_ranges_and_zipped_whole() throws IOException {
        String name = ModelTestData.uniqueName("files");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model/weights.bin", "0123456789".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "# hello".getBytes(StandardCharsets.UTF_8));
        contributor.register(name, ApiClient.form("custom_model", files, List.of()));
        String base = "/api/v1/models/" + name + "/versions/latest";

        List<Map<String, Object>> manifest = reader.get(base + "/files", List.class, new HttpHeaders()).getBody();
        assertThat(manifest).extracting(m -> m.get("path")).containsExactly("README.md", "model/weights.bin");
        assertThat(manifest.get(1)).containsEntry("size", 10).containsKey("sha256");

        ResponseEntity<byte[]> whole = reader.get(base + "/files/model/weights.bin", byte[].class, new HttpHeaders());
        assertThat(new String(whole.getBody(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(whole.getHeaders().getContentDisposition().getFilename()).isEqualTo("weights.bin");

        HttpHeaders range = new HttpHeaders();
        range.set(HttpHeaders.RANGE, "bytes=2-5");
        ResponseEntity<byte[]> part = reader.get(base + "/files/model/weights.bin", byte[].class, range);
        assertThat(part.getStatusCode()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
        assertThat(new String(part.getBody(), StandardCharsets.UTF_8)).isEqualTo("2345");
        assertThat(part.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes 2-5/10");

        range.set(HttpHeaders.RANGE, "bytes=50-60");
        assertThat(reader.get(base + "/files/model/weights.bin", byte[].class, range).getStatusCode())
                .isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
        assertThat(reader.get(base + "/files/nope.bin", byte[].class, new HttpHeaders()).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        ResponseEntity<byte[]> zip = reader.get(base + "/download", byte[].class, new HttpHeaders());
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBody()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName() + ":" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactly("README.md:# hello", "model/weights.bin:0123456789");
    }

    @Test
    void models_are_listed_filtered_and_described() {
        String prefix = ModelTestData.uniqueName("list");
        contributor.register(prefix + "-a", ApiClient.form("custom_model", oneFile("a"), List.of("team=fraud")));
        contributor.register(prefix + "-b", ApiClient.form("custom_model", oneFile("b"), List.of("team=risk")));
        contributor.register(prefix + "-b", ApiClient.form("custom_model", oneFile("b2"), List.of("team=risk")));

        Map<String, Object> page = reader.get("/api/v1/models?q=" + prefix + "&tag=team=risk").getBody();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(i -> i.get("name")).containsExactly(prefix + "-b");
        assertThat((Map<String, Object>) items.get(0).get("latestVersion")).containsEntry("version", 2);
        assertThat(items.get(0)).containsEntry("newestVersion", 2);
        assertThat(page.get("hasNext")).isEqualTo(false);

        // a model is listed by its newest matching version, and says which version is its newest
        contributor.register(prefix + "-a", ApiClient.form("custom_model", oneFile("a2"), List.of("team=other")));
        Map<String, Object> older = reader.get("/api/v1/models?q=" + prefix + "&tag=team=fraud").getBody();
        List<Map<String, Object>> olderItems = (List<Map<String, Object>>) older.get("items");
        assertThat(olderItems).extracting(i -> i.get("name")).containsExactly(prefix + "-a");
        assertThat((Map<String, Object>) olderItems.get(0).get("latestVersion")).containsEntry("version", 1);
        assertThat(olderItems.get(0)).containsEntry("newestVersion", 2);

        Map<String, Object> paged = reader.get("/api/v1/models?q=" + prefix + "&size=1").getBody();
        assertThat((List<?>) paged.get("items")).hasSize(1);
        assertThat(paged.get("hasNext")).isEqualTo(true);

        Map<String, Object> model = reader.get("/api/v1/models/" + prefix + "-b").getBody();
        assertThat(model).containsEntry("latestVersion", 2).containsEntry("versionCount", 2);

        Map<String, Object> versions = reader.get("/api/v1/models/" + prefix + "-b/versions").getBody();
        assertThat((List<Map<String, Object>>) versions.get("items")).extracting(v -> v.get("version")).containsExactly(2, 1);

        assertThat(reader.get("/api/v1/models?sort=password").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(reader.get("/api/v1/models?size=5000").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void description_and_tags_are_patched_and_versions_archived_and_restored() {
        String name = ModelTestData.uniqueName("patch");
        contributor.register(name, ApiClient.form("custom_model", oneFile("p"), List.of("stage=dev")));
        String v1 = "/api/v1/models/" + name + "/versions/1";

        ResponseEntity<Map> patched = contributor.send(HttpMethod.PATCH, v1,
                Map.of("description", "tuned", "tags", Map.of("stage", "prod")), MediaType.APPLICATION_JSON);
        assertThat(patched.getBody()).containsEntry("description", "tuned").containsEntry("tags", Map.of("stage", "prod"));

        assertThat(contributor.send(HttpMethod.POST, v1 + "/archive", null, null).getBody()).containsEntry("archived", true);
        assertThat(reader.get("/api/v1/models/" + name + "/versions/latest").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(contributor.send(HttpMethod.POST, v1 + "/restore", null, null).getBody()).containsEntry("archived", false);

        assertThat(contributor.send(HttpMethod.POST, "/api/v1/models/" + name + "/archive", null, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin.send(HttpMethod.POST, "/api/v1/models/" + name + "/archive", null, null).getBody())
                .containsEntry("archived", true);
        assertThat(admin.send(HttpMethod.POST, "/api/v1/models/" + name + "/restore", null, null).getBody())
                .containsEntry("archived", false);
    }

    @Test
    void unknown_endpoints_and_unsupported_bodies_answer_with_problem_details() {
        ResponseEntity<Map> unknown = reader.get("/api/v1/nothing-here");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        ResponseEntity<Map> wrongBody = contributor.send(HttpMethod.POST, "/api/v1/models/x/versions", "{}",
                MediaType.TEXT_PLAIN);
        assertThat(wrongBody.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(wrongBody.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }

    @Test
    void the_query_language_filters_models_through_q_and_a_bad_query_is_400_saying_where() {
        String seed = ModelTestData.uniqueName("q");
        contributor.register(seed + "-a", ApiClient.form("custom_model", oneFile("a" + seed), List.of("seed=" + seed, "team=fraud", "auc=0.95")));
        contributor.register(seed + "-b", ApiClient.form("custom_model", oneFile("b" + seed), List.of("seed=" + seed, "team=risk", "stage=archived", "auc=0.97")));
        contributor.register(seed + "-c", ApiClient.form("custom_model", oneFile("c" + seed), List.of("seed=" + seed, "team=risk", "auc=0.85")));

        String q = "seed=" + seed + " AND (team=fraud OR team=risk) AND NOT stage=archived AND auc>=0.9";
        ResponseEntity<Map> found = reader.get("/api/v1/models", "q", q);
        assertThat((List<Map<String, Object>>) found.getBody().get("items")).extracting(i -> i.get("name"))
                .containsExactly(seed + "-a");

        ResponseEntity<Map> bad = reader.get("/api/v1/models", "q", "(team=fraud");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).containsEntry("field", "q");
        assertThat((String) bad.getBody().get("detail")).contains("column");
    }

    @Test
    void unknown_models_and_versions_are_404() {
        assertThat(reader.get("/api/v1/models/no-such-model").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(reader.get("/api/v1/models/no-such-model/versions/1").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(reader.get("/api/v1/models/x/versions/zero").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
