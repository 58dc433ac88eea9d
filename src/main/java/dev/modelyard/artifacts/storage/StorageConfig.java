package dev.modelyard.artifacts.storage;

import dev.modelyard.base.ModelyardProperties;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the store: files under the data directory by default, the embedded S3 server over the same folder, or
 * an external S3 endpoint. The filesystem store reads the embedded server's layout as it is (decision 013).
 */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "filesystem", matchIfMissing = true)
    BlobStore filesystemBlobStore(ModelyardProperties modelyard, StorageProperties storage) {
        Path objects = objectsFolder(modelyard);
        // <objects>/<bucket> is where S3Proxy's filesystem backend keeps the bucket's objects
        return new FilesystemBlobStore(objects.resolve(storage.bucket()), objects.resolve(".incoming"));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "embedded")
    EmbeddedS3Server embeddedS3Server(ModelyardProperties modelyard) {
        return EmbeddedS3Server.start(objectsFolder(modelyard));
    }

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "embedded")
    MinioClient embeddedMinioClient(EmbeddedS3Server server, StorageProperties storage) {
        return withTimeouts(MinioClient.builder()
                .endpoint(server.endpoint().toString())
                .region(storage.region())
                .credentials(server.accessKey(), server.secretKey())
                .build(), storage);
    }

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "external")
    MinioClient externalMinioClient(StorageProperties storage) {
        if (storage.endpoint() == null || storage.accessKey() == null || storage.secretKey() == null) {
            throw new IllegalStateException("modelyard.storage.mode=external needs modelyard.storage.endpoint, "
                    + "access-key and secret-key");
        }
        return withTimeouts(MinioClient.builder()
                .endpoint(storage.endpoint().toString())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                .build(), storage);
    }

    /**
     * The SDK waits 5 minutes by default: a stopped S3 server would hold every request that needs it that long.
     * A short connect timeout makes an unreachable store fail fast (503); reads keep a longer one, since a busy
     * server may think a while before answering a large put.
     */
    private static MinioClient withTimeouts(MinioClient client, StorageProperties storage) {
        long read = storage.readTimeout().toMillis();
        client.setTimeout(storage.connectTimeout().toMillis(), read, read);
        return client;
    }

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "embedded")
    BlobStore embeddedBlobStore(MinioClient client, StorageProperties storage, EmbeddedS3Server server) {
        // S3Proxy does not list incomplete multipart uploads: the server aborts its own on disk
        return minio(client, storage, server.endpoint().toString(), server.accessKey(), server.secretKey(),
                before -> server.abortIncompleteUploads(storage.bucket(), before));
    }

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "external")
    BlobStore externalBlobStore(MinioClient client, StorageProperties storage) {
        return minio(client, storage, storage.endpoint().toString(), storage.accessKey(), storage.secretKey(), null);
    }

    private static BlobStore minio(MinioClient client, StorageProperties storage, String endpoint, String accessKey,
                                   String secretKey, java.util.function.Function<java.time.Instant, Integer> abort) {
        MinioAsyncClient multipart = MinioAsyncClient.builder().region(storage.region())
                .endpoint(endpoint).credentials(accessKey, secretKey).build();
        MinioBlobStore store = new MinioBlobStore(client, multipart, abort, storage.bucket());
        store.ensureBucket();
        return store;
    }

    private static Path objectsFolder(ModelyardProperties modelyard) {
        return modelyard.dataDir().resolve("objects");
    }
}
