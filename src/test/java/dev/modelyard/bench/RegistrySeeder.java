package dev.modelyard.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Fills the database with a large registry fast, by JDBC batches rather than through the service: the
 * benchmarks measure reading at scale, not a million registrations. Every version points at one shared
 * manifest (one small blob row), which is what re-registration of the same files produces anyway.
 */
public final class RegistrySeeder {

    static final String[] TEAMS = {"fraud", "risk", "marketing", "search", "ads", "vision", "speech", "ops"};
    static final String[] STAGES = {"dev", "staging", "prod", "archived"};
    static final String[] TYPES = {"mlflow_model", "custom_model", "triton_model"};

    private RegistrySeeder() {
    }

    /** Seeds {@code models} models with {@code versionsPerModel} versions each and 5 tags per version. */
    public static void seed(DataSource dataSource, String prefix, int models, int versionsPerModel) throws Exception {
        Random random = new Random(42);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long manifestId = sharedManifest(c, now);
            try (PreparedStatement model = c.prepareStatement(
                    "insert into registered_model (name, name_key, description, next_version, created_by, created_at, updated_at) "
                            + "values (?, ?, ?, ?, 'seeder', ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement version = c.prepareStatement(
                    "insert into model_version (model_id, version, model_type, description, archived, source_kind, manifest_id, "
                            + "file_count, total_bytes, bytes_new, bytes_reused, format_json, created_by, created_at, updated_at) "
                            + "values (?, ?, ?, ?, false, 'upload', ?, 1, 5, 0, 5, '{}', 'seeder', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement tag = c.prepareStatement(
                    "insert into version_tag (version_id, tag_key, tag_value, tag_number) values (?, ?, ?, ?)")) {
                for (int m = 0; m < models; m++) {
                    String name = prefix + "-" + m;
                    model.setString(1, name);
                    model.setString(2, name.toLowerCase());
                    model.setString(3, "seeded model " + m);
                    model.setInt(4, versionsPerModel + 1);
                    model.setTimestamp(5, now);
                    model.setTimestamp(6, now);
                    model.executeUpdate();
                    long modelId;
                    try (ResultSet keys = model.getGeneratedKeys()) {
                        keys.next();
                        modelId = keys.getLong(1);
                    }
                    for (int v = 1; v <= versionsPerModel; v++) {
                        version.setLong(1, modelId);
                        version.setInt(2, v);
                        version.setString(3, TYPES[random.nextInt(TYPES.length)]);
                        version.setString(4, "version " + v + " of seeded model " + m);
                        version.setLong(5, manifestId);
                        version.setTimestamp(6, now);
                        version.setTimestamp(7, now);
                        version.executeUpdate();
                        long versionId;
                        try (ResultSet keys = version.getGeneratedKeys()) {
                            keys.next();
                            versionId = keys.getLong(1);
                        }
                        double auc = Math.round(random.nextDouble() * 1000) / 1000.0;
                        addTag(tag, versionId, "team", TEAMS[random.nextInt(TEAMS.length)], null);
                        addTag(tag, versionId, "stage", STAGES[random.nextInt(STAGES.length)], null);
                        addTag(tag, versionId, "auc", Double.toString(auc), auc);
                        addTag(tag, versionId, "owner", "user" + random.nextInt(500), null);
                        addTag(tag, versionId, "run", Integer.toString(m * versionsPerModel + v), (double) (m * versionsPerModel + v));
                    }
                    if (m % 200 == 199) {
                        tag.executeBatch();
                        c.commit();
                    }
                }
                tag.executeBatch();
                c.commit();
            }
        }
    }

    private static void addTag(PreparedStatement tag, long versionId, String key, String value, Double number)
            throws Exception {
        tag.setLong(1, versionId);
        tag.setString(2, key);
        tag.setString(3, value);
        if (number == null) {
            tag.setNull(4, java.sql.Types.DOUBLE);
        } else {
            tag.setDouble(4, number);
        }
        tag.addBatch();
    }

    private static long sharedManifest(Connection c, Timestamp now) throws Exception {
        byte[] content = "seed".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (PreparedStatement blob = c.prepareStatement("insert into blob (sha256, size_bytes, stored, created_at, "
                + "last_claimed_at) select ?, 4, true, ?, ? where not exists (select 1 from blob where sha256 = ?)")) {
            blob.setString(1, sha);
            blob.setTimestamp(2, now);
            blob.setTimestamp(3, now);
            blob.setString(4, sha);
            blob.executeUpdate();
        }
        long id;
        try (PreparedStatement manifest = c.prepareStatement(
                "insert into manifest (file_count, total_bytes, created_at) values (1, 4, ?)", Statement.RETURN_GENERATED_KEYS)) {
            manifest.setTimestamp(1, now);
            manifest.executeUpdate();
            try (ResultSet keys = manifest.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement entry = c.prepareStatement(
                "insert into manifest_entry (manifest_id, path, size_bytes, sha256, media_type) values (?, 'seed.bin', 4, ?, 'application/octet-stream')")) {
            entry.setLong(1, id);
            entry.setString(2, sha);
            entry.executeUpdate();
        }
        c.commit();
        return id;
    }
}
