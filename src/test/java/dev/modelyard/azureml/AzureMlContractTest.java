package dev.modelyard.azureml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.JobFilter;
import dev.modelyard.jobs.JobService;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.UserService;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.TestPropertySource;

/**
 * The Azure ML surface's contract without the SDK: JSON shapes, ARM errors (404 as ResourceNotFoundError's shape),
 * SharedKey verification, hostile blob names and workspace isolation. Same context as the SDK conformance test.
 */
@IntegrationTest
@TestPropertySource(properties = "modelyard.tls.mode=self-signed")
class AzureMlContractTest {

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @LocalServerPort
    int port;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    UserService users;
    @Autowired
    ComputeTargetService computes;
    @Autowired
    TokenService tokens;
    @Autowired
    JobService jobs;

    @Autowired
    dev.modelyard.jobs.JobQueryService queries;
    @Autowired
    BlobService blobs;
    @Autowired
    ObjectMapper json;

    HttpClient http;
    String wsName;
    WorkspaceRef ws;
    String token;
    String arm;

    @BeforeEach
    void setUp() throws Exception {
        http = AzureMlTestSupport.client();
        wsName = "azc-" + Long.toString(System.nanoTime(), 36);
        ws = AzureMlTestSupport.workspace(wsName, workspaces, users, computes);
        token = AzureMlTestSupport.token(tokens, TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, wsName);
        arm = armBase(wsName);
    }

    String armBase(String workspace) {
        return "https://127.0.0.1:" + port + "/subscriptions/0000/resourceGroups/rg/providers/"
                + "Microsoft.MachineLearningServices/workspaces/" + workspace;
    }

    HttpResponse<String> call(String method, String url, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode read(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void the_workspace_datastore_and_discovery_point_back_at_this_server() throws Exception {
        JsonNode w = read(call("GET", arm + "?api-version=2022-10-01-preview", null, token));
        assertThat(w.path("name").asText()).isEqualTo(wsName);
        assertThat(w.path("type").asText()).isEqualTo("Microsoft.MachineLearningServices/workspaces");
        String discovery = w.path("properties").path("discoveryUrl").asText();
        assertThat(discovery).isEqualTo("https://127.0.0.1:" + port + "/azureml/discovery");
        assertThat(read(call("GET", discovery, null, null)).path("api").asText()).isEqualTo("https://127.0.0.1:" + port + "/azureml/api");

        JsonNode store = read(call("GET", arm + "/datastores/workspaceblobstore?api-version=2022-10-01", null, token));
        assertThat(store.path("properties").path("accountName").asText()).isEqualTo("127.0.0.1:" + port + "/azuremlblob#");
        assertThat(store.path("properties").path("containerName").asText()).isEqualTo("azureml-blobstore-" + ws.id());
        JsonNode secrets = read(call("POST", arm + "/datastores/workspaceblobstore/listSecrets?api-version=2022-10-01", "{}", token));
        assertThat(secrets.path("secretsType").asText()).isEqualTo("AccountKey");
        assertThat(Base64.getDecoder().decode(secrets.path("key").asText())).hasSize(64);

        JsonNode computeList = read(call("GET", arm + "/computes?api-version=2022-10-01", null, token));
        assertThat(computeList.path("value")).extracting(c -> c.path("name").asText()).contains("local", "aml-cluster");
        assertThat(computeList.has("nextLink")).isTrue();
        JsonNode env = read(call("GET", arm + "/environments/AzureML-sklearn-0.24-ubuntu18.04-py37-cpu/versions/1", null, token));
        assertThat(env.path("properties").path("description").asText()).contains("scikit-learn");
    }

    @Test
    void unknown_resources_are_404_in_arm_shape_and_other_workspaces_do_not_exist_for_the_token() throws Exception {
        HttpResponse<String> missing = call("GET", arm + "/models/nope?api-version=2022-05-01", null, token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(read(missing).path("error").path("code").asText()).isEqualTo("UserError");
        assertThat(read(missing).path("error").path("message").asText()).isNotBlank();

        String other = "azo-" + Long.toString(System.nanoTime(), 36);
        AzureMlTestSupport.workspace(other, workspaces, users, computes);
        HttpResponse<String> elsewhere = call("GET", armBase(other) + "/models?api-version=2022-05-01", null, token);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(read(elsewhere).path("error").has("message")).isTrue();
        HttpResponse<String> anonymous = call("GET", arm + "/models", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(read(anonymous).path("error").path("code").asText()).isEqualTo("AuthenticationFailed");
        String readerToken = AzureMlTestSupport.token(tokens, TestUsers.READER, AppRole.READER, wsName);
        HttpResponse<String> reader = call("POST", arm + "/datastores/workspaceblobstore/listSecrets", "{}", readerToken);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(read(reader).path("error").path("code").asText()).isEqualTo("AuthorizationFailed");
        HttpResponse<String> badToken = call("GET", arm + "/models", null, "not-a-token");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(read(badToken).path("error").path("code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(read(badToken).path("error").path("message").asText()).contains("unknown, expired or revoked");
    }

    @Test
    void a_job_naming_an_unknown_environment_or_compute_is_400_listing_what_exists_and_creates_nothing() throws Exception {
        String body = """
                {"properties": {"jobType": "Command", "command": "python x.py",
                 "codeId": "%s/codes/none/versions/1", "environmentId": "azureml:no-such-env@latest",
                 "computeId": "%s/computes/aml-cluster"}}""".formatted(arm, arm);
        HttpResponse<String> r = call("PUT", arm + "/jobs/refused_env_" + System.nanoTime(), body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(read(r).path("error").path("message").asText()).contains("AzureML-sklearn-0.24-ubuntu18.04-py37-cpu");

        String compute = body.replace("azureml:no-such-env@latest", "azureml:AzureML-sklearn-0.24-ubuntu18.04-py37-cpu@latest")
                .replace("/computes/aml-cluster", "/computes/gpu-cluster");
        HttpResponse<String> r2 = call("PUT", arm + "/jobs/refused_compute_" + System.nanoTime(), compute, token);
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(400);
        assertThat(read(r2).path("error").path("message").asText()).contains("gpu-cluster", "aml-cluster", "local");
        CurrentWorkspace.runIn(ws, () -> TestUsers.runAs(TestUsers.READER, AppRole.READER,
                () -> assertThat(queries.list(JobFilter.all(), PageRequest.of(0, 10)).getContent()).isEmpty()));
    }

    @Test
    void a_model_container_tells_the_next_version_the_sdk_will_put() throws Exception {
        HttpResponse<String> none = call("GET", arm + "/models/fresh?api-version=2022-05-01", null, token);
        assertThat(none.statusCode()).isEqualTo(404);
        String key = key();
        String container = "azureml-blobstore-" + ws.id();
        assertThat(putBlob(container, "LocalUpload/m1/model/weights.bin", "w1", key, Instant.now(), true).statusCode()).isEqualTo(201);
        String version = """
                {"properties": {"description": "uploaded", "tags": {"t": "1"}, "properties": {}, "isAnonymous": false,
                 "isArchived": false, "modelType": "custom_model",
                 "modelUri": "azureml://subscriptions/0000/resourcegroups/rg/workspaces/%s/datastores/workspaceblobstore/paths/LocalUpload/m1/model"}}"""
                .formatted(wsName);
        HttpResponse<String> created = call("PUT", arm + "/models/fresh/versions/1", version, token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode v = read(created);
        assertThat(v.path("name").asText()).isEqualTo("1");
        assertThat(v.path("properties").path("flavors").isObject()).isTrue();
        assertThat(v.path("properties").path("tags").path("t").asText()).isEqualTo("1");
        JsonNode c = read(call("GET", arm + "/models/fresh", null, token));
        assertThat(c.path("properties").path("latestVersion").asText()).isEqualTo("1");
        assertThat(c.path("properties").path("nextVersion").asText()).isEqualTo("2");
        JsonNode listed = read(call("GET", arm + "/models/fresh/versions?$orderBy=createdtime%20desc&$top=1", null, token));
        assertThat(listed.path("value")).hasSize(1);
        // archive: the SDK's GET + PUT with isArchived
        HttpResponse<String> archived = call("PUT", arm + "/models/fresh/versions/1", version.replace("\"isArchived\": false",
                "\"isArchived\": true"), token);
        assertThat(archived.statusCode()).isEqualTo(200);
        assertThat(read(call("GET", arm + "/models/fresh/versions?listViewType=ActiveOnly", null, token)).path("value")).isEmpty();
        assertThat(read(call("GET", arm + "/models/fresh/versions?listViewType=All", null, token)).path("value")).hasSize(1);
    }

    @Test
    void blobs_need_a_valid_shared_key_signature_and_a_fresh_date() throws Exception {
        String key = key();
        String container = "azureml-blobstore-" + ws.id();
        assertThat(putBlob(container, "LocalUpload/x/ok.txt", "hello", key, Instant.now(), true).statusCode()).isEqualTo(201);
        HttpResponse<String> head = blob("HEAD", container, "LocalUpload/x/ok.txt", null, key, Instant.now(), Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("x-ms-blob-type")).contains("BlockBlob");
        assertThat(blob("GET", container, "LocalUpload/x/ok.txt", null, key, Instant.now(), Map.of()).body()).isEqualTo("hello");
        // If-None-Match: * on an existing blob
        assertThat(putBlob(container, "LocalUpload/x/ok.txt", "again", key, Instant.now(), true).statusCode()).isEqualTo(409);

        String wrongKey = Base64.getEncoder().encodeToString(new byte[64]);
        HttpResponse<String> forged = putBlob(container, "LocalUpload/x/forged.txt", "evil", wrongKey, Instant.now(), false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("x-ms-error-code")).contains("AuthenticationFailed");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(blobUrl(container, "LocalUpload/x/nokey.txt")))
                .PUT(HttpRequest.BodyPublishers.ofString("evil")).header("x-ms-blob-type", "BlockBlob").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        HttpResponse<String> replayed = putBlob(container, "LocalUpload/x/old.txt", "evil", key,
                Instant.now().minus(Duration.ofMinutes(20)), false);
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(blobs.find(ws.id(), container, "LocalUpload/x/forged.txt")).isEmpty();
        assertThat(blobs.find(ws.id(), container, "LocalUpload/x/nokey.txt")).isEmpty();
        assertThat(blobs.find(ws.id(), container, "LocalUpload/x/old.txt")).isEmpty();
        assertThat(blobs.find(ws.id(), container, "LocalUpload/x/ok.txt").orElseThrow().size()).isEqualTo(5);
    }

    @Test
    void hostile_blob_names_are_refused_and_nothing_is_written() throws Exception {
        String key = key();
        String container = "azureml-blobstore-" + ws.id();
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (String name : new String[]{"a/../b.txt", "a/%2e%2e/b.txt", "%2Fetc%2Fpasswd", "a//b.txt", "a/./b.txt",
                "a/%2E%2E%2Fb.txt", "a\\..\\b.txt", "a/%00b.txt", "..", "%2e%2e/x"}) {
            HttpResponse<String> r = putBlob(container, name, "x", key, Instant.now(), false);
            if (r.statusCode() < 400 || r.statusCode() > 404) {
                wrong.add(name + " -> " + r.statusCode() + " " + r.headers().firstValue("Location").orElse("") + " " + r.body());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(blobs.list(ws.id(), container, "")).isEmpty();
        // a container of another workspace cannot be written with this workspace's key
        String other = "azureml-blobstore-" + (ws.id() + 100000);
        assertThat(putBlob(other, "LocalUpload/y/a.txt", "x", key, Instant.now(), false).statusCode()).isIn(403, 404);
    }

    @Test
    void newer_sdks_upload_code_to_a_sas_folder_and_find_it_again_by_hash() throws Exception {
        HttpResponse<String> started = call("POST", arm + "/codes/sas-code/versions/1/startPendingUpload?api-version=2023-04-01",
                "{\"pendingUploadType\": \"TemporaryBlobReference\"}", token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode reference = read(started).path("blobReferenceForConsumption");
        String blobUri = reference.path("blobUri").asText();
        String sasUri = reference.path("credential").path("sasUri").asText();
        assertThat(reference.path("credential").path("credentialType").asText()).isEqualTo("SAS");
        assertThat(sasUri).startsWith(blobUri + "?");
        String query = sasUri.substring(sasUri.indexOf('?'));

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(blobUri + "/src/train.py" + query))
                .PUT(HttpRequest.BodyPublishers.ofString("print('sas')")).header("x-ms-blob-type", "BlockBlob").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        String elsewhere = blobUri.substring(0, blobUri.lastIndexOf('/')) + "/other/src/evil.py";
        assertThat(http.send(HttpRequest.newBuilder(URI.create(elsewhere + query)).PUT(HttpRequest.BodyPublishers.ofString("x"))
                .header("x-ms-blob-type", "BlockBlob").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        String forged = query.replaceAll("sig=[^&]+", "sig=AAAA");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(blobUri + "/src/evil.py" + forged)).PUT(HttpRequest.BodyPublishers.ofString("x"))
                .header("x-ms-blob-type", "BlockBlob").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

        String code = """
                {"properties": {"properties": {"hash_sha256": "abc123", "hash_version": "202208"}, "isAnonymous": true,
                 "isArchived": false, "codeUri": "%s"}}""".formatted(blobUri);
        assertThat(call("PUT", arm + "/codes/sas-code/versions/1", code, token).statusCode()).isEqualTo(201);
        JsonNode found = read(call("GET", arm + "/codes/sas-code/versions?hash=abc123&hashVersion=202208", null, token));
        assertThat(found.path("value")).hasSize(1);
        assertThat(found.path("value").get(0).path("properties").path("codeUri").asText()).isEqualTo(blobUri);
        assertThat(read(call("GET", arm + "/codes/sas-code/versions?hash=other", null, token)).path("value")).isEmpty();
    }

    private String key() throws Exception {
        return read(call("POST", arm + "/datastores/workspaceblobstore/listSecrets", "{}", token)).path("key").asText();
    }

    String blobUrl(String container, String rawPath) {
        return "https://127.0.0.1:" + port + "/azuremlblob/" + container + "/" + rawPath;
    }

    HttpResponse<String> putBlob(String container, String rawPath, String content, String key, Instant date,
                                 boolean ifNoneMatch) throws Exception {
        Map<String, String> headers = new TreeMap<>(Map.of("x-ms-blob-type", "BlockBlob"));
        if (ifNoneMatch) {
            headers.put("If-None-Match", "*");
        }
        return blob("PUT", container, rawPath, content, key, date, headers);
    }

    /** A request signed as azure-storage-blob signs it (SharedKeyCredentialPolicy). */
    HttpResponse<String> blob(String method, String container, String rawPath, String content, String key, Instant date,
                              Map<String, String> extra) throws Exception {
        String url = blobUrl(container, rawPath);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new RefusedByClient(400);
        }
        byte[] body = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        Map<String, String> ms = new TreeMap<>();
        ms.put("x-ms-date", HTTP_DATE.format(date));
        ms.put("x-ms-version", "2021-08-06");
        extra.forEach((k, v) -> {
            if (k.startsWith("x-ms-")) {
                ms.put(k, v);
            }
        });
        String ifNoneMatch = extra.getOrDefault("If-None-Match", "");
        StringBuilder s = new StringBuilder(method).append('\n');
        s.append("\n\n").append(body.length == 0 ? "" : String.valueOf(body.length)).append("\n\n\n\n\n\n")
                .append(ifNoneMatch).append("\n\n\n");
        ms.forEach((k, v) -> s.append(k).append(':').append(v).append('\n'));
        s.append("/azuremlblob").append(uri.getRawPath());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "SharedKey azuremlblob:" + signature);
        ms.forEach(b::header);
        if (!ifNoneMatch.isEmpty()) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A name java.net.URI itself refuses never reaches the server: as refused as a 400. */
    record RefusedByClient(int statusCode) implements HttpResponse<String> {
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
