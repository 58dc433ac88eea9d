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
}
