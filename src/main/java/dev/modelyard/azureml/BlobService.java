package dev.modelyard.azureml;

import dev.modelyard.base.JsonMaps;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.artifacts.UploadPaths;
import dev.modelyard.azureml.internal.StorageKey;
import dev.modelyard.azureml.internal.StorageKeyRepository;
import dev.modelyard.azureml.internal.StoredBlob;
import dev.modelyard.azureml.internal.StoredBlobRepository;
import dev.modelyard.azureml.internal.StoredBlock;
import dev.modelyard.azureml.internal.StoredBlockRepository;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SqlLike;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The blobs the Azure ML SDK uploads (its code folders), one workspace's container each: bytes go to Modelyard's
 * content-addressed storage (a file stored before costs nothing new), a one-file manifest binds each blob. Callers
 * authenticate the request first (SharedKey or SAS, {@link SharedKey}); names are checked here.
 */
@Service
public class BlobService {

    /** The account segment of every blob URL: {@code https://host/<account>/<container>/<blob>} (path style). */
    public static final String ACCOUNT = "azuremlblob";
    private static final String CONTAINER_PREFIX = "azureml-blobstore-";
    private static final Pattern META_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern BLOCK_ID = Pattern.compile("[A-Za-z0-9+/=]{1,128}");
    private static final int MAX_BLOCKS = 50_000;

    private final StoredBlobRepository blobs;
    private final StoredBlockRepository blocks;
    private final StorageKeyRepository keys;
    private final ArtifactService artifacts;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final io.micrometer.core.instrument.Counter writes;

    BlobService(StoredBlobRepository blobs, StoredBlockRepository blocks, StorageKeyRepository keys, ArtifactService artifacts,
                TransactionTemplate transactions, ObjectMapper json, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.writes = io.micrometer.core.instrument.Counter.builder("modelyard.azureml.blob.writes")
                .description("Put Blob and Put Block List requests that reached storage (an SDK that finds its "
                        + "code uploaded already sends none)").register(meters);
        this.blobs = blobs;
        this.blocks = blocks;
        this.keys = keys;
        this.artifacts = artifacts;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** The container of a workspace's default blob datastore. */
    public static String container(long workspaceId) {
        return CONTAINER_PREFIX + workspaceId;
    }

    /** The workspace a container belongs to, if it is one of ours. */
    public static Optional<Long> workspaceOf(String container) {
        if (container == null || !container.startsWith(CONTAINER_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(container.substring(CONTAINER_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The workspace's account key (base64 of 64 random bytes), made on first use. */
    public String accountKey(long workspaceId) {
        return keys.findById(workspaceId).map(StorageKey::accountKey).orElseGet(() -> {
            byte[] random = new byte[64];
            new SecureRandom().nextBytes(random);
            try {
                return transactions.execute(tx -> keys.saveAndFlush(new StorageKey(workspaceId,
                        Base64.getEncoder().encodeToString(random), clock.instant())).accountKey());
            } catch (DataIntegrityViolationException raced) {
                return keys.findById(workspaceId).orElseThrow().accountKey();
            }
        });
    }

    /** The key, if the workspace was ever handed one (no key: no signature can hold). */
    public Optional<String> existingKey(long workspaceId) {
        return keys.findById(workspaceId).map(StorageKey::accountKey);
    }

    /** The blob's path, checked: relative, no '.', '..' or empty segments, no control characters. */
    public static String checkedPath(String raw) {
        try {
            return UploadPaths.normalize(raw, 1024);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("blob", "invalid blob name: " + e.getMessage());
        }
    }

    public Optional<BlobInfo> find(long workspaceId, String container, String path) {
        return blobs.findOne(workspaceId, container, path).map(this::info);
    }

    public BlobInfo require(long workspaceId, String container, String path) {
        return find(workspaceId, container, path).orElseThrow(() -> new NotFoundException("The specified blob does not exist."));
    }

    /** Blobs under a prefix (may be empty), by path. */
    public List<BlobInfo> list(long workspaceId, String container, String prefix) {
        String like = SqlLike.escape(prefix == null ? "" : prefix) + "%";
        return blobs.findUnder(workspaceId, container, like).stream().map(this::info).toList();
    }

    /**
     * Put Blob: stores the body as the blob's content, replacing what was there unless {@code onlyIfAbsent}
     * ({@code If-None-Match: *}), which answers 409 for an existing blob. Nothing is written when the body fails.
     */
    public BlobInfo put(long workspaceId, String container, String rawPath, InputStream body, String contentType,
                        Map<String, String> metadata, boolean onlyIfAbsent) {
        String path = checkedPath(rawPath);
        checkMetadata(metadata);
        writes.increment();
        if (onlyIfAbsent && blobs.findOne(workspaceId, container, path).isPresent()) {
            throw new ConflictException("The specified blob already exists.");
        }
        MessageDigest md5 = md5();
        try (StagedUpload staged = artifacts.stage()) {
            StagedFile file = staged.addFile(fileName(path), new java.security.DigestInputStream(body, md5));
            StoredFiles stored = artifacts.store(staged);
            String contentMd5 = Base64.getEncoder().encodeToString(md5.digest());
            return save(workspaceId, container, path, stored, file, contentMd5, contentType, metadata, onlyIfAbsent);
        }
    }

    private BlobInfo save(long workspaceId, String container, String path, StoredFiles stored, StagedFile file,
                          String contentMd5, String contentType, Map<String, String> metadata, boolean onlyIfAbsent) {
        try {
            return transactions.execute(tx -> {
                Optional<StoredBlob> existing = blobs.findOne(workspaceId, container, path);
                if (existing.isPresent() && onlyIfAbsent) {
                    throw new ConflictException("The specified blob already exists.");
                }
                java.time.Instant now = clock.instant();
                StoredBlob blob = existing.orElseGet(() -> new StoredBlob(workspaceId, container, path, now));
                Long oldManifest = existing.map(StoredBlob::manifestId).orElse(null);
                long manifest = artifacts.saveManifest(new StoredFiles(List.of(new ArtifactFile(path, file.size(),
                        file.sha256(), file.mediaType())), stored.bytesNew(), stored.bytesReused()));
                blob.content(manifest, file.size(), file.sha256(), contentMd5, contentType, JsonMaps.write(json, metadata), now);
                blobs.saveAndFlush(blob);
                if (oldManifest != null) {
                    artifacts.deleteManifest(oldManifest);
                }
                return info(blob);
            });
        } catch (DataIntegrityViolationException raced) {
            throw new ConflictException("The specified blob already exists.");
        }
    }

    /** Set Blob Metadata: replaces the blob's metadata. */
    public BlobInfo setMetadata(long workspaceId, String container, String rawPath, Map<String, String> metadata) {
        String path = checkedPath(rawPath);
        checkMetadata(metadata);
        return transactions.execute(tx -> {
            StoredBlob blob = blobs.findOne(workspaceId, container, path)
                    .orElseThrow(() -> new NotFoundException("The specified blob does not exist."));
            blob.metadata(JsonMaps.write(json, metadata), clock.instant());
            return info(blobs.saveAndFlush(blob));
        });
    }

    /** Put Block: stages one block of a blob written in parts (files over 64 MiB). */
    public void putBlock(long workspaceId, String container, String rawPath, String blockId, InputStream body) {
        String path = checkedPath(rawPath);
        if (blockId == null || !BLOCK_ID.matcher(blockId).matches()) {
            throw new InvalidInputException("blockid", "a block id is base64 of at most 64 bytes");
        }
        try (StagedUpload staged = artifacts.stage()) {
            StagedFile file = staged.addFile("block", body);
            StoredFiles stored = artifacts.store(staged);
            transactions.executeWithoutResult(tx -> {
                blocks.findFor(workspaceId, container, path).stream().filter(b -> b.blockId().equals(blockId))
                        .forEach(old -> {
                            blocks.delete(old);
                            blocks.flush();
                            artifacts.deleteManifest(old.manifestId());
                        });
                long manifest = artifacts.saveManifest(new StoredFiles(List.of(new ArtifactFile("block", file.size(),
                        file.sha256(), file.mediaType())), stored.bytesNew(), stored.bytesReused()));
                blocks.saveAndFlush(new StoredBlock(workspaceId, container, path, blockId, manifest, file.size(), clock.instant()));
            });
        }
    }

    /** Put Block List: the blob becomes its blocks in the order given; the staged blocks are then released. */
    public BlobInfo putBlockList(long workspaceId, String container, String rawPath, List<String> blockIds,
                                 String contentType, Map<String, String> metadata, boolean onlyIfAbsent) {
        String path = checkedPath(rawPath);
        checkMetadata(metadata);
        writes.increment();
        if (blockIds.isEmpty() || blockIds.size() > MAX_BLOCKS) {
            throw new InvalidInputException("blocklist", "a block list names 1–" + MAX_BLOCKS + " blocks");
        }
        List<StoredBlock> staged = blocks.findFor(workspaceId, container, path);
        Map<String, StoredBlock> byId = new TreeMap<>();
        staged.forEach(b -> byId.put(b.blockId(), b));
        List<ArtifactFile> parts = new ArrayList<>();
        for (String id : blockIds) {
            StoredBlock block = byId.get(id);
            if (block == null) {
                throw new InvalidInputException("blocklist", "The specified block list is invalid: block "
                        + dev.modelyard.base.SafeText.quote(id, 130) + " was not uploaded");
            }
            parts.add(artifacts.files(block.manifestId()).get(0));
        }
        MessageDigest md5 = md5();
        Iterator<ArtifactFile> order = parts.iterator();
        Enumeration<InputStream> streams = new Enumeration<>() {
            public boolean hasMoreElements() {
                return order.hasNext();
            }

            public InputStream nextElement() {
                return artifacts.open(order.next());
            }
        };
        BlobInfo info;
        try (StagedUpload upload = artifacts.stage();
             InputStream joined = new java.security.DigestInputStream(new SequenceInputStream(streams), md5)) {
            StagedFile file = upload.addFile(fileName(path), joined);
            StoredFiles stored = artifacts.store(upload);
            info = save(workspaceId, container, path, stored, file, Base64.getEncoder().encodeToString(md5.digest()),
                    contentType, metadata, onlyIfAbsent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot join the blocks", e);
        }
        transactions.executeWithoutResult(tx -> {
            for (StoredBlock block : blocks.findFor(workspaceId, container, path)) {
                blocks.delete(block);
                blocks.flush();
                artifacts.deleteManifest(block.manifestId());
            }
        });
        return info;
    }

    public InputStream open(BlobInfo blob) {
        return artifacts.open(new ArtifactFile(blob.path(), blob.size(), blob.sha256(), blob.contentType()));
    }

    /** The files under {@code prefix + "/"} as a code snapshot sees them: paths relative to the prefix. */
    public List<ArtifactFile> filesUnder(long workspaceId, String container, String prefix) {
        String folder = prefix.endsWith("/") ? prefix : prefix + "/";
        return blobs.findUnder(workspaceId, container, SqlLike.escape(folder) + "%").stream()
                .map(b -> artifacts.files(b.manifestId()).get(0))
                .map(f -> new ArtifactFile(f.path().substring(folder.length()), f.size(), f.sha256(), f.mediaType()))
                .toList();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void checkMetadata(Map<String, String> metadata) {
        int total = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!META_NAME.matcher(e.getKey()).matches() || e.getValue() == null || e.getValue().chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new InvalidInputException("metadata", "metadata names are C# identifiers and values printable ASCII");
            }
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > 7000) {
            throw new InvalidInputException("metadata", "blob metadata is at most 7000 characters");
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private BlobInfo info(StoredBlob b) {
        return new BlobInfo(b.container(), b.blobPath(), b.size(), b.sha256(), b.contentMd5(), b.contentType(),
                JsonMaps.read(json, b.metadataJson(), "stored blob metadata"), b.createdAt(), b.updatedAt(), b.manifestId());
    }
}
