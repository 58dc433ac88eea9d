package dev.modelyard.artifacts.storage;

import dev.modelyard.base.ModelyardProperties;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the S3 endpoint: the embedded server by default, an external one when configured. */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "embedded", matchIfMissing = true)
    EmbeddedS3Server embeddedS3Server(ModelyardProperties modelyard) {
        return EmbeddedS3Server.start(modelyard.dataDir().resolve("objects"));
    }

    @Bean
    @ConditionalOnProperty(name = "modelyard.storage.mode", havingValue = "embedded", matchIfMissing = true)
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
    BlobStore blobStore(MinioClient client, StorageProperties storage,
                        org.springframework.beans.factory.ObjectProvider<EmbeddedS3Server> embedded) {
        EmbeddedS3Server server = embedded.getIfAvailable();
        MinioAsyncClient.Builder multipart = MinioAsyncClient.builder().region(storage.region());
        if (server != null) {
            multipart.endpoint(server.endpoint().toString()).credentials(server.accessKey(), server.secretKey());
        } else {
            multipart.endpoint(storage.endpoint().toString()).credentials(storage.accessKey(), storage.secretKey());
        }
        MinioBlobStore store = new MinioBlobStore(client, multipart.build(), server == null ? null
                : before -> server.abortIncompleteUploads(storage.bucket(), before), storage.bucket());
        store.ensureBucket();
        return store;
    }
}
