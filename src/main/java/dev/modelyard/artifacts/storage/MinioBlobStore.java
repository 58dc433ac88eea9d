package dev.modelyard.artifacts.storage;

import dev.modelyard.base.StorageUnavailableException;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Upload;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** {@link BlobStore} over the MinIO Java SDK: works against MinIO, S3 and the embedded S3Proxy alike. */
public final class MinioBlobStore implements BlobStore {

    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");
    /** Big enough that multi-gigabyte files need few round trips, small enough to bound the SDK's part buffer. */
    private static final long PART_SIZE = 16L * 1024 * 1024;

    /** Feeds streaming uploads to the SDK; daemon threads, one per upload in progress. */
    private static final ExecutorService UPLOADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "modelyard-s3-upload");
        t.setDaemon(true);
        return t;
    });

    private final MinioClient client;
    private final MinioAsyncClient multipart;
    private final java.util.function.Function<Instant, Integer> abortUploads;
    private final String bucket;

    public MinioBlobStore(MinioClient client, String bucket) {
        this(client, null, null, bucket);
    }

    /**
     * {@code multipart}: the same endpoint through the SDK's async client, whose low-level multipart calls are public;
     * {@code abortUploads}, when given, replaces the S3 listing of incomplete uploads (the embedded server lacks it).
     */
    public MinioBlobStore(MinioClient client, MinioAsyncClient multipart,
                          java.util.function.Function<Instant, Integer> abortUploads, String bucket) {
        this.client = client;
        this.multipart = multipart;
        this.abortUploads = abortUploads;
        this.bucket = bucket;
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    @Override
    public void checkAvailable() {
        boolean exists = call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (!exists) {
            throw new StorageUnavailableException("bucket '" + bucket + "' does not exist", null);
        }
    }

    @Override
    public void put(String key, InputStream content, long size, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key)
                .stream(content, size, size > PART_SIZE ? PART_SIZE : -1)
                .contentType(contentType == null ? "application/octet-stream" : contentType)
                .build()));
    }

    /** Streams into a new {@code uploads/<uuid>} key through a multipart put, one part in flight while the next is read. */
    @Override
    public Optional<StreamingUpload> startUpload() {
        String key = UPLOAD_PREFIX + UUID.randomUUID();
        return Optional.of(new MinioStreamingUpload(key, UPLOADS, in -> call(() -> client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(in, -1, PART_SIZE)
                        .contentType("application/octet-stream")
                        .build()))));
    }

    @Override
    public InputStream get(String key) {
        return getRange(key, GetObjectArgs.builder().bucket(bucket).object(key).build());
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        return getRange(key, GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length).build());
    }

    private InputStream getRange(String key, GetObjectArgs args) {
        try {
            return client.getObject(args);
        } catch (ErrorResponseException e) {
            if (ABSENT.contains(e.errorResponse().code())) {
                throw new BlobNotFoundException(key);
            }
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<BlobStat> stat(String key) {
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new BlobStat(key, r.size(), r.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (ABSENT.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    @Override
    public void list(String prefix, Consumer<BlobStat> visitor) {
        call(() -> {
            Iterable<Result<Item>> items = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
            for (Result<Item> result : items) {
                Item item = result.get();
                if (!item.isDir()) {
                    Instant modified = item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant();
                    visitor.accept(new BlobStat(item.objectName(), item.size(), modified));
                }
            }
            return null;
        });
    }

    @Override
    public void delete(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public int abortIncompleteUploads(Instant initiatedBefore) {
        if (abortUploads != null) {
            return call(() -> abortUploads.apply(initiatedBefore));
        }
        if (multipart == null) {
            return 0;
        }
        return call(() -> {
            int aborted = 0;
            String keyMarker = null;
            String uploadIdMarker = null;
            while (true) {
                ListMultipartUploadsResult page = multipart.listMultipartUploadsAsync(bucket, null, null, null,
                        keyMarker, 1000, null, uploadIdMarker, null, null).get().result();
                for (Upload upload : page.uploads()) {
                    if (upload.initiated() == null || upload.initiated().toInstant().isBefore(initiatedBefore)) {
                        multipart.abortMultipartUploadAsync(bucket, null, upload.objectName(), upload.uploadId(),
                                null, null).get();
                        aborted++;
                    }
                }
                if (!page.isTruncated() || page.nextKeyMarker() == null) {
                    return aborted;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        });
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        call(() -> client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket).object(targetKey)
                .source(CopySource.builder().bucket(bucket).object(sourceKey).build())
                .build()));
    }

    @Override
    public Optional<URI> presignedGet(String key, Duration validity, String fileName) {
        String disposition = "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
        return Optional.of(URI.create(call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key)
                .expiry((int) Math.max(1, Math.min(validity.toSeconds(), 7 * 24 * 3600)))
                .extraQueryParams(Map.of("response-content-disposition", disposition))
                .build()))));
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(StorageCall<T> call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private static StorageUnavailableException unavailable(Exception e) {
        return new StorageUnavailableException("object storage failed: " + e.getClass().getSimpleName(), e);
    }
}
