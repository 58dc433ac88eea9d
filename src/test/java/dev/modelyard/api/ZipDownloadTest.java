package dev.modelyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.UserService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;

/** The streamed zip of a version holds every file byte for byte, large binary (stored) and text (deflated) alike. */
@IntegrationTest
class ZipDownloadTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    UserService users;

    @Test
    void a_version_zip_round_trips_large_binary_and_text_files() throws IOException {
        TestUsers.ensureCreated(users);
        ApiClient contributor = new ApiClient(rest, TestUsers.CONTRIBUTOR, TestUsers.PASSWORD);
        String name = ModelTestData.uniqueName("zip");
        byte[] weights = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(weights);
        byte[] text = "row,value\n".repeat(30_000).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("data/table.csv", text);
        files.put("weights.bin", weights);
        contributor.register(name, ApiClient.form("custom_model", files, List.of()));

        byte[] zip = contributor.get("/api/v1/models/" + name + "/versions/1/download", byte[].class, new HttpHeaders())
                .getBody();

        Map<String, byte[]> unzipped = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                methods.put(e.getName(), e.getMethod());
                unzipped.put(e.getName(), in.readAllBytes());  // ZipInputStream checks each entry's CRC
            }
        }
        assertThat(methods).as("binary payloads are STORED with the CRC recorded at upload; text is deflated")
                .containsEntry("weights.bin", ZipEntry.STORED).containsEntry("data/table.csv", ZipEntry.DEFLATED);
        assertThat(unzipped.keySet()).containsExactly("data/table.csv", "weights.bin");
        assertThat(unzipped.get("weights.bin")).isEqualTo(weights);
        assertThat(unzipped.get("data/table.csv")).isEqualTo(text);
        assertThat(zip.length).isLessThan(weights.length + text.length / 10);
    }
}
