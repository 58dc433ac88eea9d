package dev.modelyard.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Fills the database with a large registry fast, by JDBC batches with ids assigned here rather than through the
 * service: the benchmarks measure reading at scale, not a million registrations. Every version points at one
 * shared manifest (one small blob row), which is what re-registration of the same files produces anyway.
 * Rows are what the application writes: each model's {@code next_version} and latest-version pointers agree
 * with its versions, about 5% of versions are archived, and creation times increase with the id.
 */
public final class RegistrySeeder {

    static final String[] TEAMS = {"fraud", "risk", "marketing", "search", "ads", "vision", "speech", "ops"};
    static final String[] STAGES = {"dev", "staging", "prod", "archived"};
    static final String[] TYPES = {"mlflow_model", "custom_model", "triton_model"};
    private static final int MODELS_PER_COMMIT = 1_000;

    private RegistrySeeder() {
    }

    /**
     * Seeds {@code models} models named {@code prefix-0 … prefix-(models-1)} with {@code versionsPerModel}
     * versions each and 5 tags per version: team, stage, auc (a number in [0, 1]), owner, run (a unique number).
     * Returns the id of the first version it wrote (its model has the first model id).
     */
    public static long seed(DataSource dataSource, String prefix, int models, int versionsPerModel) throws Exception {
        Random random = new Random(42);
        Instant start = Instant.now().minusSeconds((long) models * versionsPerModel);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long manifestId = sharedManifest(c, Timestamp.from(start));
            long firstModel = nextId(c, "registered_model");
            long firstVersion = nextId(c, "model_version");
            boolean pointers = hasColumn(c, "registered_model", "latest_version_id");
            try (PreparedStatement model = c.prepareStatement(
                    "insert into registered_model (id, name, name_key, description, next_version, created_by, "
                            + "created_at, updated_at" + (pointers ? ", latest_version_id, latest_active_version_id" : "")
                            + ") values (?, ?, ?, ?, ?, 'seeder', ?, ?" + (pointers ? ", ?, ?" : "") + ")");
                 PreparedStatement version = c.prepareStatement(
                    "insert into model_version (id, model_id, version, model_type, description, archived, source_kind, "
                            + "manifest_id, file_count, total_bytes, bytes_new, bytes_reused, format_json, created_by, "
                            + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'upload', ?, 1, 4, 0, 4, '{}', 'seeder', ?, ?)");
                 PreparedStatement tag = c.prepareStatement(
                    "insert into version_tag (version_id, tag_key, tag_value, tag_number) values (?, ?, ?, ?)")) {
                long versionId = firstVersion;
                for (int m = 0; m < models; m++) {
                    long modelId = firstModel + m;
                    Long latest = null;
                    Long latestActive = null;
                    for (int v = 1; v <= versionsPerModel; v++, versionId++) {
                        boolean archived = random.nextInt(20) == 0;
                        Timestamp created = Timestamp.from(start.plusSeconds(versionId - firstVersion));
                        version.setLong(1, versionId);
                        version.setLong(2, modelId);
                        version.setInt(3, v);
                        version.setString(4, TYPES[random.nextInt(TYPES.length)]);
                        version.setString(5, "version " + v + " of seeded model " + m);
                        version.setBoolean(6, archived);
                        version.setLong(7, manifestId);
                        version.setTimestamp(8, created);
                        version.setTimestamp(9, created);
                        version.addBatch();
                        latest = versionId;
                        if (!archived) {
                            latestActive = versionId;
                        }
                        double auc = Math.round(random.nextDouble() * 1000) / 1000.0;
                        long run = (long) m * versionsPerModel + v;
                        addTag(tag, versionId, "team", TEAMS[random.nextInt(TEAMS.length)], null);
                        addTag(tag, versionId, "stage", STAGES[random.nextInt(STAGES.length)], null);
                        addTag(tag, versionId, "auc", Double.toString(auc), auc);
                        addTag(tag, versionId, "owner", "user" + random.nextInt(500), null);
                        addTag(tag, versionId, "run", Long.toString(run), (double) run);
                    }
                    String name = prefix + "-" + m;
                    Timestamp updated = Timestamp.from(start.plusSeconds(versionId - 1 - firstVersion));
                    model.setLong(1, modelId);
                    model.setString(2, name);
                    model.setString(3, name.toLowerCase());
                    model.setString(4, "seeded model " + m);
                    model.setInt(5, versionsPerModel + 1);
                    model.setTimestamp(6, Timestamp.from(start));
                    model.setTimestamp(7, updated);
                    if (pointers) {
                        model.setLong(8, latest);
                        if (latestActive == null) {
                            model.setNull(9, Types.BIGINT);
                        } else {
                            model.setLong(9, latestActive);
                        }
                    }
                    model.addBatch();
                    if (m % MODELS_PER_COMMIT == MODELS_PER_COMMIT - 1 || m == models - 1) {
                        // parents first: versions reference their model, tags their version
                        model.executeBatch();
                        version.executeBatch();
                        tag.executeBatch();
                        c.commit();
                    }
                }
                restartIdentity(c, "registered_model", firstModel + models);
                restartIdentity(c, "model_version", versionId);
                c.commit();
                return firstVersion;
            }
        }
    }

    /** Whether the schema has the column (the seeder works before and after migrations that add columns). */
    private static boolean hasColumn(Connection c, String table, String column) throws Exception {
        for (String t : new String[]{table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet r = c.getMetaData().getColumns(null, null, t, null)) {
                while (r.next()) {
                    if (r.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long nextId(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Moves the identity past the ids assigned here, so the application's next insert does not collide. */
    private static void restartIdentity(Connection c, String table, long next) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("alter table " + table + " alter column id restart with " + next);
        }
    }

    private static void addTag(PreparedStatement tag, long versionId, String key, String value, Double number)
            throws Exception {
        tag.setLong(1, versionId);
        tag.setString(2, key);
        tag.setString(3, value);
        if (number == null) {
            tag.setNull(4, Types.DOUBLE);
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
