package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestDataDirectory;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Send only what is new: ask which digests are missing, then register from a manifest plus just those files. */
@IntegrationTest
class MissingBlobsApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;
    @LocalServerPort
    int port;

    ApiClient contributor;

    @BeforeEach
    void signIn() {
        TestUsers.ensureCreated(users);
        contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
    }

    @Test
    void a_changed_model_is_registered_by_sending_only_its_changed_file() {
        String name = ModelTestData.uniqueName("delta");
        byte[] weights = random(2 * 1024 * 1024, 1);
        byte[] tokenizer = random(300_000, 2);
        byte[] configV1 = ("{\"v\": 1, \"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] configV2 = ("{\"v\": 2, \"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> v1 = new LinkedHashMap<>();
        v1.put("weights.bin", weights);
        v1.put("tok/tokenizer.bin", tokenizer);
        v1.put("config.json", configV1);
        assertThat(contributor.register(name, ApiClient.form("custom_model", v1, List.of())).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        List<String> asked = List.of("sha256:" + sha(weights), sha(tokenizer).toUpperCase(), "sha256:" + sha(configV2));
        assertThat(missing("/api/v1/blobs/missing", asked)).containsExactly("sha256:" + sha(configV2));
        assertThat(missing("/api/v1/workspaces/default/blobs/missing", asked)).containsExactly("sha256:" + sha(configV2));

        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("manifest", jsonPart(manifestJson(Map.of("weights.bin", weights, "tok/tokenizer.bin", tokenizer,
                "config.json", configV2), "stage=candidate")));
        form.add("files", ApiClient.file("config.json", configV2));
        var created = contributor.register(name, form);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("version", 2);
        assertThat((Map<String, Object>) created.getBody().get("storage"))
                .containsEntry("bytesNew", configV2.length)
                .containsEntry("bytesReused", weights.length + tokenizer.length);
        assertThat((Map<String, Object>) created.getBody().get("tags")).containsEntry("stage", "candidate");
        assertThat(download(name, 2, "config.json")).isEqualTo(configV2);
        assertThat(download(name, 2, "tok/tokenizer.bin")).isEqualTo(tokenizer);
        assertThat(missing("/api/v1/blobs/missing", asked)).isEmpty();

        // all known: a JSON body, no upload at all
        var again = contributor.send(HttpMethod.POST, "/api/v1/models/" + name + "/versions",
                manifestJson(Map.of("w.bin", weights, "config.json", configV1), null), MediaType.APPLICATION_JSON);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat((Map<String, Object>) again.getBody().get("storage")).containsEntry("bytesNew", 0);
        assertThat(download(name, 3, "w.bin")).isEqualTo(weights);
    }

    @Test
    void a_file_that_does_not_match_its_declared_digest_is_400_and_nothing_is_stored() {
        String name = ModelTestData.uniqueName("mismatch");
        byte[] declared = random(100_000, 3);
        byte[] sent = random(100_000, 4);
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("manifest", jsonPart(manifestJson(Map.of("model.bin", declared), null)));
        form.add("files", ApiClient.file("model.bin", sent));

        var response = contributor.register(name, form);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getBody().get("detail")).contains("does not match its declared digest");
        assertThat(contributor.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing("/api/v1/blobs/missing", List.of(sha(declared), sha(sent))))
                .containsExactly(sha(declared), sha(sent));
    }

    @Test
    void a_manifest_naming_content_modelyard_lacks_is_400_and_registers_nothing() {
        String name = ModelTestData.uniqueName("lacking");
        byte[] unknown = random(1000, 5);

        var response = contributor.send(HttpMethod.POST, "/api/v1/models/" + name + "/versions",
                manifestJson(Map.of("model.bin", unknown), null), MediaType.APPLICATION_JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getBody().get("detail")).contains("model.bin");
        assertThat(contributor.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void malformed_or_too_many_digests_are_400_and_readers_may_not_ask() {
        var bad = contributor.send(HttpMethod.POST, "/api/v1/blobs/missing", Map.of("digests", List.of("md5:abc")),
                MediaType.APPLICATION_JSON);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            many.add(String.format("%064x", i));
        }
        assertThat(contributor.send(HttpMethod.POST, "/api/v1/blobs/missing", Map.of("digests", many),
                MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ApiClient reader = new ApiClient(rest, TestUsers.READER, TestUsers.PASSWORD);
        assertThat(reader.send(HttpMethod.POST, "/api/v1/blobs/missing", Map.of("digests", List.of(sha(new byte[1]))),
                MediaType.APPLICATION_JSON).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /** A body that ends before its multipart does: 400, no version, no staging folder, the bytes not stored. */
    @Test
    void a_truncated_upload_leaves_nothing_behind() throws IOException {
        String name = ModelTestData.uniqueName("truncated");
        byte[] content = random(1024 * 1024, 6);
        long stagingBefore = stagingFolders();

        String response = rawUpload(name, content, false);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(contributor.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stagingFolders()).isEqualTo(stagingBefore);
        assertThat(missing("/api/v1/blobs/missing", List.of(sha(content)))).hasSize(1);
    }

    /** The client stops sending mid-file and closes its side: the same, with the body shorter than announced. */
    @Test
    void a_client_that_disconnects_mid_stream_leaves_nothing_behind() throws IOException {
        String name = ModelTestData.uniqueName("disconnect");
        byte[] content = random(1024 * 1024, 7);
        long stagingBefore = stagingFolders();

        String response = rawUpload(name, content, true);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(contributor.get("/api/v1/models/" + name).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stagingFolders()).isEqualTo(stagingBefore);
        assertThat(missing("/api/v1/blobs/missing", List.of(sha(content)))).hasSize(1);
    }

    /**
     * Sends half of a one-file registration over a raw socket: either a complete HTTP body whose multipart stops
     * mid-file, or ({@code disconnect}) a body that announces the whole length but stops, the client then shutting
     * its sending side. Returns the server's status line and headers.
     */
    private String rawUpload(String name, byte[] content, boolean disconnect) throws IOException {
        String boundary = "b0undary" + name;
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"model.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        int sentContent = content.length / 2;
        long announced = disconnect ? head.length + content.length + tail.length : head.length + sentContent;
        String auth = Base64.getEncoder().encodeToString((TestUsers.CONTRIBUTOR + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/models/" + name + "/versions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                    + auth + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + announced + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(content, 0, sentContent);
            out.flush();
            if (disconnect) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0 && response.size() < 64 * 1024; ) {
                response.write(buffer, 0, n);
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static long stagingFolders() throws IOException {
        Path staging = TestDataDirectory.ROOT.resolve("staging");
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(staging)) {
            return list.count();
        }
    }

    private List<String> missing(String path, List<String> digests) {
        var response = contributor.send(HttpMethod.POST, path, Map.of("digests", digests), MediaType.APPLICATION_JSON);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return (List<String>) response.getBody().get("missing");
    }

    private byte[] download(String name, int version, String path) {
        return contributor.get("/api/v1/models/" + name + "/versions/" + version + "/files/" + path, byte[].class,
                new HttpHeaders()).getBody();
    }

    private static Map<String, Object> manifestJson(Map<String, byte[]> files, String tag) {
        List<Map<String, Object>> lines = new ArrayList<>();
        files.forEach((path, bytes) -> lines.add(Map.of("path", path, "sha256", "sha256:" + sha(bytes),
                "size", bytes.length)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "custom_model");
        body.put("manifest", lines);
        if (tag != null) {
            body.put("tags", Map.of(tag.substring(0, tag.indexOf('=')), tag.substring(tag.indexOf('=') + 1)));
        }
        return body;
    }

    private static HttpEntity<Object> jsonPart(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed ^ System.nanoTime()).nextBytes(bytes);
        return bytes;
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
