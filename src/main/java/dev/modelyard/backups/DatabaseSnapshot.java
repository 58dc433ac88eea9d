package dev.modelyard.backups;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What an H2 backup holds, read from the backup itself (opened read-only in a scratch folder), not from the live
 * database: the objects to copy are exactly those its manifests reference.
 */
record DatabaseSnapshot(List<Blob> referencedBlobs, long versions) {

    /** {@code objectKey}: where a streamed upload left the object; null when it is at its hash key. */
    record Blob(String sha256, long size, String objectKey) {
    }

    static DatabaseSnapshot read(Path databaseZip, Path scratch, String user, String password)
            throws IOException, SQLException {
        String file = BackupRestore.unzipDatabase(databaseZip, scratch);
        String url = "jdbc:h2:file:" + scratch.resolve(file).toAbsolutePath() + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, user, password == null ? "" : password);
             Statement st = c.createStatement()) {
            List<Blob> blobs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT b.sha256, b.size_bytes, b.object_key FROM blob b WHERE EXISTS "
                    + "(SELECT 1 FROM manifest_entry e WHERE e.sha256 = b.sha256) ORDER BY b.sha256")) {
                while (rs.next()) {
                    blobs.add(new Blob(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            long versions;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM model_version")) {
                rs.next();
                versions = rs.getLong(1);
            }
            return new DatabaseSnapshot(blobs, versions);
        } finally {
            BackupService.deleteTree(scratch);
        }
    }
}
