package dev.modelyard.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.security.UserService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reader's upload is refused before the server reads its body: the request announces 100 MB, sends its headers
 * and the first 64 KB, and the 403 comes back while the rest has not been sent; the staging area never grows. The
 * same for a job's code upload.
 */
@IntegrationTest
class UploadAuthorizationTest {

    static final long ANNOUNCED = 100L * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ModelyardProperties modelyard;

    @BeforeEach
    void users() {
        TestUsers.ensureCreated(users);
    }

    @Test
    void a_readers_100_mb_model_upload_is_refused_before_anything_is_staged() throws IOException {
        long before = stagedEntries();
        String status = sendHeadersAndFirstBytes("/api/v1/models/reader-upload/versions", "POST");
        assertThat(status).contains(" 403 ");
        assertThat(stagedEntries()).isEqualTo(before);
    }

    @Test
    void a_readers_job_upload_is_refused_before_the_container_spools_it() throws IOException {
        String status = sendHeadersAndFirstBytes("/api/v1/jobs", "POST");
        assertThat(status).contains(" 403 ");
    }

    @Test
    void a_stranger_to_the_workspace_gets_404_before_the_body_too() throws IOException {
        String status = sendHeadersAndFirstBytes("/api/v1/workspaces/no-such-workspace/models/x/versions", "POST");
        assertThat(status).contains(" 404 ");
    }

    /** Writes the request line, headers and 64 KB of a 100 MB multipart body, then reads the status line. */
    private String sendHeadersAndFirstBytes(String path, String method) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String boundary = "----modelyard-test";
            String auth = Base64.getEncoder().encodeToString((TestUsers.READER + ":" + TestUsers.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    private long stagedEntries() throws IOException {
        Path staging = modelyard.stagingDir();
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(staging)) {
            return all.count();
        }
    }
}
