package dev.modelyard.artifacts.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Proxy running in-process over a folder, on loopback, on a free port, with credentials made up at each
 * start: the S3 server of the embedded default. Nothing outside this JVM learns the credentials.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3Server(S3Proxy proxy, BlobStoreContext context, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.context = context;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server whose buckets are folders under {@code root}. */
    public static EmbeddedS3Server start(Path root) {
        try {
            Files.createDirectories(root);
            String accessKey = "modelyard-" + randomHex(8);
            String secretKey = randomHex(24);
            Properties overrides = new Properties();
            overrides.setProperty("jclouds.filesystem.basedir", root.toAbsolutePath().toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                    .credentials(accessKey, secretKey)
                    .overrides(overrides)
                    .build(BlobStoreContext.class);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            log.info("Embedded S3 server on 127.0.0.1:{} over {}", proxy.getPort(), root.toAbsolutePath());
            return new EmbeddedS3Server(proxy, context, accessKey, secretKey);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the embedded object store folder " + root, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * Aborts multipart uploads to {@code bucket} begun before {@code initiatedBefore} and never completed. S3Proxy
     * answers the S3 listing of multipart uploads with 501 over a folder, so this asks its blob store directly: an
     * upload's age is its stub's modification time (jclouds keeps one {@code .mpus-…-stub} blob per upload).
     */
    public int abortIncompleteUploads(String bucket, Instant initiatedBefore) {
        BlobStore store = context.getBlobStore();
        Map<String, Instant> stubs = new HashMap<>();
        ListContainerOptions options = new ListContainerOptions().prefix(".mpus-").recursive();
        while (true) {
            PageSet<? extends StorageMetadata> page = store.list(bucket, options);
            for (StorageMetadata stub : page) {
                if (stub.getName() != null && stub.getName().endsWith("-stub")) {
                    stubs.put(stub.getName(), stub.getLastModified() == null ? Instant.EPOCH
                            : stub.getLastModified().toInstant());
                }
            }
            if (page.getNextMarker() == null || page.isEmpty()) {
                break;
            }
            options = new ListContainerOptions().prefix(".mpus-").recursive().afterMarker(page.getNextMarker());
        }
        int aborted = 0;
        for (MultipartUpload upload : store.listMultipartUploads(bucket)) {
            Instant initiated = stubs.entrySet().stream().filter(e -> e.getKey().contains(upload.id()))
                    .map(Map.Entry::getValue).findFirst().orElse(Instant.EPOCH);
            if (initiated.isBefore(initiatedBefore)) {
                store.abortMultipartUpload(upload);
                aborted++;
            }
        }
        return aborted;
    }

    /** The ids of the multipart uploads to {@code bucket} not completed yet. */
    public List<String> incompleteUploadIds(String bucket) {
        return context.getBlobStore().listMultipartUploads(bucket).stream().map(MultipartUpload::id).toList();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
