package dev.modelyard.backups;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.storage.BlobNotFoundException;
import dev.modelyard.artifacts.storage.BlobStore;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.ModelyardProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Online backups of the embedded default: H2's {@code BACKUP TO} (a transactionally consistent copy taken while
 * writes go on), then every object that copy references, read from the store and checked against its hash on the
 * way. Objects are immutable and named by their hash, and the cleanup spares a referenced object for at least its
 * grace period, so the objects a snapshot references are all still there to copy (docs/decisions/012).
 */
@Service
public class BackupService {

    static final String DATABASE = "database.zip";
    static final String OBJECTS = "objects";
    static final String MANIFEST = "backup.json";
    private static final String PARTIAL = ".partial";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final DataSourceProperties dataSourceProperties;
    private final BlobStore store;
    private final Path backupDir;
    private final Clock clock;
    private final ObjectMapper json;
    private final ReentrantLock running = new ReentrantLock();

    BackupService(DataSource dataSource, DataSourceProperties dataSourceProperties, BlobStore store,
                  BackupProperties backups, ModelyardProperties modelyard, Clock clock, ObjectMapper json) {
        this.dataSource = dataSource;
        this.dataSourceProperties = dataSourceProperties;
        this.store = store;
        this.backupDir = backups.dirFor(modelyard.dataDir());
        this.clock = clock;
        this.json = json;
    }

    /** Where backups are written. */
    public Path backupDir() {
        return backupDir;
    }

    /**
     * Takes a backup now, while registrations go on; returns when it is complete on disk. Every version acknowledged
     * before the call is in it. One backup at a time: a second caller gets a conflict.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public BackupInfo create() {
        if (!running.tryLock()) {
            throw new ConflictException("a backup is being taken already; try again when it has finished");
        }
        try {
            requireEmbeddedDatabase();
            return take();
        } catch (IOException e) {
            throw new UncheckedIOException("the backup could not be written to " + backupDir.getFileName(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("the database could not be backed up", e);
        } finally {
            running.unlock();
        }
    }

    /** Finished backups, newest first. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<BackupInfo> list() {
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        List<BackupInfo> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(backupDir)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(MANIFEST))).toList()) {
                found.add(json.readValue(dir.resolve(MANIFEST).toFile(), BackupInfo.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the backups", e);
        }
        found.sort(Comparator.comparing(BackupInfo::createdAt).reversed());
        return found;
    }

    private void requireEmbeddedDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                throw new ConflictException("Modelyard backs up the embedded default (H2 and the embedded object store); "
                        + "with PostgreSQL and external S3 use pg_dump and the object store's own replication");
            }
        }
    }

    private BackupInfo take() throws IOException, SQLException {
        Files.createDirectories(backupDir);
        Instant started = clock.instant();
        String name = freshName(started);
        Path work = Files.createDirectory(backupDir.resolve(name + PARTIAL));
        try {
            Path database = work.resolve(DATABASE);
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("BACKUP TO '" + database.toString().replace("'", "''") + "'");
            }
            DatabaseSnapshot snapshot = DatabaseSnapshot.read(database, work.resolve("snapshot"),
                    dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword());
            long objectBytes = 0;
            for (DatabaseSnapshot.Blob blob : snapshot.referencedBlobs()) {
                objectBytes += copyObject(blob, work.resolve(OBJECTS));
            }
            long databaseBytes = Files.size(database);
            BackupInfo info = new BackupInfo(name, started, databaseBytes + objectBytes, databaseBytes,
                    snapshot.referencedBlobs().size(), objectBytes, snapshot.versions());
            json.writeValue(work.resolve(MANIFEST).toFile(), info);
            Files.move(work, backupDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return info;
        } finally {
            if (Files.exists(work)) {
                deleteTree(work);
            }
        }
    }

    /** Copies one object, checking it hashes to its name; returns its size. */
    private long copyObject(DatabaseSnapshot.Blob blob, Path objects) throws IOException {
        // under the key the ledger names, so the restored database finds it where it says (a streamed upload's key)
        String key = blob.objectKey() != null ? blob.objectKey() : ArtifactService.objectKey(blob.sha256());
        Path target = objects.resolve(key);
        Files.createDirectories(target.getParent());
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(store.get(key), digest)) {
            Files.copy(in, target);
        } catch (BlobNotFoundException e) {
            throw new ConflictException("object " + blob.sha256() + ", which the database references, is missing from "
                    + "the object store; run a scrub (POST /api/v1/admin/storage/scrub) to see what it affects");
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(blob.sha256())) {
            throw new ConflictException("object " + blob.sha256() + " is corrupt in the object store; run a scrub "
                    + "(POST /api/v1/admin/storage/scrub) to see what it affects");
        }
        return Files.size(target);
    }

    private String freshName(Instant started) {
        String base = "modelyard-" + STAMP.format(started);
        String name = base;
        for (int i = 2; Files.exists(backupDir.resolve(name)) || Files.exists(backupDir.resolve(name + PARTIAL)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
