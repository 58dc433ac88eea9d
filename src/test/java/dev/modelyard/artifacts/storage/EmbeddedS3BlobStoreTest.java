package dev.modelyard.artifacts.storage;

import io.minio.MinioClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the embedded S3 server (S3Proxy), spoken to over loopback by the MinIO SDK. */
class EmbeddedS3BlobStoreTest extends BlobStoreContractTest {

    @TempDir
    static Path root;
    static EmbeddedS3Server server;
    static MinioBlobStore store;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(root);
        MinioClient client = MinioClient.builder().endpoint(server.endpoint().toString()).region("us-east-1")
                .credentials(server.accessKey(), server.secretKey()).build();
        store = new MinioBlobStore(client, "contract");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @org.junit.jupiter.api.Test
    void a_presigned_url_reads_the_object_without_credentials_and_names_the_attachment() throws Exception {
        byte[] bytes = "presigned payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put("presign/one", new java.io.ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");

        java.net.URI url = store.presignedGet("presign/one", java.time.Duration.ofMinutes(1), "model \"x\".bin")
                .orElseThrow();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(url).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(response.body()).isEqualTo(bytes);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"model__x_.bin\"");
    }
}
