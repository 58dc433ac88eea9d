package dev.modelyard.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.support.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kills a real Modelyard process with SIGKILL at random moments while concurrent clients register versions, upload
 * larger files under explicit numbers and edit tags through the REST API, then checks the crashed data directory
 * and the restarted server:
 * <ul>
 *   <li>every acknowledged (201/200) registration and tag edit is in the database, with the files it was given;</li>
 *   <li>no version number is ever acknowledged twice for one model, and each model's counter is past its versions;</li>
 *   <li>every file of every version has a stored ledger row and its object on disk with the right bytes;</li>
 *   <li>every object on disk has a ledger row (so the orphan sweep can find it), and the temporary file of an
 *   object write the kill interrupted is gone after the restart;</li>
 *   <li>after the restart, the previous round's acknowledged files download with the right bytes.</li>
 * </ul>
 * One kill per started process (a process dies once), so the harness runs many short rounds: start on the same
 * data directory, check, fire a burst, kill at a random delay. {@code -Dcrash.kills=N} sets the number of kill
 * points (default 3 in the normal suite; README: run it with 50), {@code -Dcrash.seed} replays a run.
 */
class CrashHarnessTest {

    private static final int KILLS = Integer.getInteger("crash.kills", 3);
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int WORKERS = 6;
    private static final List<String> SHARED_NAMES = List.of("crash-a", "crash-b", "crash-c");
    private static final int MAX_KILL_DELAY_MS = 1500;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random(SEED);

    /** name → version → (path → sha256): every acknowledged registration, over all rounds. */
    private final Map<String, Map<Integer, Map<String, String>>> acknowledged = new ConcurrentHashMap<>();
    /** "name:version" → the tag values the database may hold: the last acknowledged and any sent after it. */
    private final Map<String, Set<String>> tagValues = new ConcurrentHashMap<>();
    /** Versions whose tag edit was acknowledged at least once. */
    private final Set<String> acknowledgedTags = ConcurrentHashMap.newKeySet();
    /** "name:version" of the registrations acknowledged in the current round. */
    private final List<String> ackedThisRound = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch firstAck = new CountDownLatch(1);
    /** Temporary files of object writes cut short by the last kill. */
    private final List<Path> interruptedWrites = new ArrayList<>();

    @Test
    void acknowledged_writes_survive_kill_minus_9_at_random_moments() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "crash-harness")).toAbsolutePath();
        Path data = root.resolve("data-" + UUID.randomUUID());
        long begin = System.nanoTime();
        List<Long> startMillis = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        int acks = 0;
        System.out.printf("crash harness: %d kill points, seed %d (-Dcrash.seed=%d replays it)%n", KILLS, SEED, SEED);
        try {
            for (int round = 1; round <= KILLS; round++) {
                ServerProcess server = start(data);
                logs.add(server.log());
                startMillis.add(server.startTime().toMillis());
                checkRestarted(server, round);
                int delay = 50 + random.nextInt(MAX_KILL_DELAY_MS);
                acks += burst(server, round, delay);
                checkCrashedData(data, round);
                assertThat(violations).as("violations after kill %d (seed %d)", round, SEED).isEmpty();
            }
            ServerProcess last = start(data);
            logs.add(last.log());
            try {
                checkRestarted(last, KILLS + 1);
            } finally {
                last.close();
            }
            assertThat(violations).as("violations (seed %d)", SEED).isEmpty();
            for (Path log : logs) {
                Files.deleteIfExists(log); // kept only when a round failed, to read what the server said
            }
        } finally {
            deleteTree(data);
        }
        System.out.printf("crash harness: %d kill points, %d acknowledged writes checked, %.1f s in all; "
                        + "start-up %s ms%n", KILLS, acks, (System.nanoTime() - begin) / 1e9, startMillis);
    }

    private static ServerProcess start(Path data) throws IOException {
        Map<String, String> properties = new HashMap<>(Map.of(
                // the start-up sweep may delete what a crashed round claimed and never referenced at once
                "modelyard.storage.orphan-grace", "0s", "modelyard.storage.cleanup-interval", "1h"));
        String url = System.getProperty("crash.datasource-url");
        if (url != null) {
            // to see the harness fail without the fix: -Dcrash.datasource-url='jdbc:h2:file:${modelyard.data-dir}/db/modelyard'
            properties.put("spring.datasource.url", url);
        }
        return ServerProcess.start(data, properties);
    }

    /** Runs concurrent clients until the server is killed after {@code delayMs}; returns the acknowledgements. */
    private int burst(ServerProcess server, int round, int delayMs) throws InterruptedException {
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(WORKERS);
        firstAck = new CountDownLatch(1);
        int[] acks = new int[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Random local = new Random(SEED * 31 + round * 1000L + w);
            Thread client = new Thread(() -> {
                try {
                    acks[worker] = clientLoop(server, round, worker, local, killed);
                } finally {
                    done.countDown();
                }
            }, "crash-client-" + w);
            client.start();
        }
        // writes must be flowing before the clock starts: a cold server's first answers take seconds on a busy machine
        firstAck.await(2, java.util.concurrent.TimeUnit.MINUTES);
        Thread.sleep(delayMs); // the random moment of the kill: what this harness is about
        killed.set(true);
        server.kill();
        done.await();
        int total = 0;
        for (int a : acks) {
            total += a;
        }
        System.out.printf("round %d: killed %d ms after the first acknowledgement, %d acknowledged writes%n", round,
                delayMs, total);
        return total;
    }

    private int clientLoop(ServerProcess server, int round, int worker, Random local, AtomicBoolean killed) {
        int acks = 0;
        int sequence = 0;
        List<String> mine = new ArrayList<>();
        String explicitName = "crash-explicit-" + worker;
        while (!killed.get()) {
            sequence++;
            int op = local.nextInt(10);
            try {
                if (op < 5 || (op < 8 && mine.isEmpty())) {
                    String name = SHARED_NAMES.get(local.nextInt(SHARED_NAMES.size()));
                    Map<String, byte[]> files = new LinkedHashMap<>();
                    for (int f = 0; f < 1 + local.nextInt(3); f++) {
                        files.put("dir" + f + "/f-" + round + "-" + worker + "-" + sequence + ".bin",
                                bytes(local, 64 + local.nextInt(32 * 1024)));
                    }
                    Integer version = register(server, "POST", "/api/v1/models/" + name + "/versions", files);
                    if (version != null) {
                        acks++;
                        mine.add(name + ":" + version);
                    }
                } else if (op < 8) {
                    String ref = mine.get(local.nextInt(mine.size()));
                    String value = "r" + round + "-w" + worker + "-" + sequence;
                    if (editTag(server, ref, value)) {
                        acks++;
                    }
                } else {
                    // a larger upload under an explicit number, which also moves the counter
                    int number = 1 + (int) (Math.abs(SEED + round * 7919L + worker * 104729L + sequence * 31L)
                            % 2_000_000_000L);
                    Map<String, byte[]> files = Map.of("model.bin", bytes(local, 256 * 1024 + local.nextInt(768 * 1024)));
                    Integer version = register(server, "PUT", "/api/v1/models/" + explicitName + "/versions/" + number,
                            files);
                    if (version != null) {
                        acks++;
                    }
                }
            } catch (IOException | InterruptedException e) {
                if (!killed.get() && server.isAlive()) {
                    violations.add("request failed while the server was up: " + e);
                }
                return acks;
            }
        }
        return acks;
    }

    private Integer register(ServerProcess server, String method, String path, Map<String, byte[]> files)
            throws IOException, InterruptedException {
        String boundary = "crash-" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncustom_model\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> hashes = new TreeMap<>();
        for (var file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            hashes.put(file.getKey(), sha256(file.getValue()));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409 && method.equals("PUT")) {
            return null; // an explicit number already taken (perhaps by an unacknowledged earlier attempt)
        }
        if (response.statusCode() != 201) {
            violations.add(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            return null;
        }
        JsonNode created = json.readTree(response.body());
        String name = created.get("name").asText();
        int version = created.get("version").asInt();
        Map<String, String> previous = acknowledged.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                .putIfAbsent(version, hashes);
        if (previous != null) {
            violations.add("version " + name + ":" + version + " was acknowledged twice");
        }
        ackedThisRound.add(name + ":" + version);
        firstAck.countDown();
        return version;
    }

    private boolean editTag(ServerProcess server, String ref, String value) throws IOException, InterruptedException {
        int colon = ref.lastIndexOf(':');
        String path = "/api/v1/models/" + ref.substring(0, colon) + "/versions/" + ref.substring(colon + 1);
        // sent, so possibly committed even if the answer never comes
        tagValues.computeIfAbsent(ref, k -> ConcurrentHashMap.newKeySet()).add(value);
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", ServerProcess.adminAuth())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"tags\": {\"edit\": \"" + value + "\"}}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            violations.add("PATCH " + path + " answered " + response.statusCode() + ": " + response.body());
            return false;
        }
        // acknowledged: from now on only this value, or one sent after it, may be in the database
        Set<String> now = ConcurrentHashMap.newKeySet();
        now.add(value);
        tagValues.put(ref, now);
        acknowledgedTags.add(ref);
        firstAck.countDown();
        return true;
    }

    /** The crashed directory as the killed process left it, read from a copy of the database file. */
    private void checkCrashedData(Path data, int round) throws IOException, SQLException {
        Path copy = Files.createTempDirectory("crash-db-copy-");
        try {
            Files.copy(data.resolve("db/modelyard.mv.db"), copy.resolve("modelyard.mv.db"));
            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("modelyard"), "sa", "");
                 Statement sql = db.createStatement()) {
                checkVersionsAndCounters(sql, round);
                checkTags(sql, round);
                checkObjects(sql, data, round);
            }
        } finally {
            deleteTree(copy);
        }
    }

    private void checkVersionsAndCounters(Statement sql, int round) throws SQLException {
        Map<String, Map<Integer, Map<String, String>>> inDb = new HashMap<>();
        try (ResultSet rows = sql.executeQuery("""
                SELECT m.name, v.version, e.path, e.sha256 FROM model_version v
                JOIN registered_model m ON m.id = v.model_id JOIN manifest_entry e ON e.manifest_id = v.manifest_id""")) {
            while (rows.next()) {
                inDb.computeIfAbsent(rows.getString(1), k -> new HashMap<>())
                        .computeIfAbsent(rows.getInt(2), k -> new TreeMap<>()).put(rows.getString(3), rows.getString(4));
            }
        }
        acknowledged.forEach((name, versions) -> versions.forEach((version, files) -> {
            Map<String, String> stored = inDb.getOrDefault(name, Map.of()).get(version);
            if (stored == null) {
                violations.add("kill " + round + ": acknowledged " + name + ":" + version + " is missing");
            } else if (!stored.equals(files)) {
                violations.add("kill " + round + ": " + name + ":" + version + " holds other files than acknowledged");
            }
        }));
        try (ResultSet rows = sql.executeQuery("""
                SELECT m.name, m.next_version, MAX(v.version) FROM registered_model m
                JOIN model_version v ON v.model_id = m.id GROUP BY m.name, m.next_version""")) {
            while (rows.next()) {
                if (rows.getLong(2) <= rows.getLong(3)) {
                    violations.add("kill " + round + ": " + rows.getString(1) + " would hand out " + rows.getLong(2)
                            + " again (highest version " + rows.getLong(3) + ")");
                }
            }
        }
    }

    private void checkTags(Statement sql, int round) throws SQLException {
        Map<String, String> inDb = new HashMap<>();
        try (ResultSet rows = sql.executeQuery("""
                SELECT m.name, v.version, t.tag_value FROM version_tag t JOIN model_version v ON v.id = t.version_id
                JOIN registered_model m ON m.id = v.model_id WHERE t.tag_key = 'edit'""")) {
            while (rows.next()) {
                inDb.put(rows.getString(1) + ":" + rows.getInt(2), rows.getString(3));
            }
        }
        tagValues.forEach((ref, possible) -> {
            String value = inDb.get(ref);
            // without an acknowledged edit, an edit that was sent may or may not have landed
            boolean fine = value == null ? !acknowledgedTags.contains(ref) : possible.contains(value);
            if (!fine) {
                violations.add("kill " + round + ": tag of " + ref + " is " + value + ", expected one of " + possible);
            }
        });
    }

    private void checkObjects(Statement sql, Path data, int round) throws SQLException, IOException {
        Map<String, Boolean> ledger = new HashMap<>();
        try (ResultSet rows = sql.executeQuery("SELECT sha256, stored FROM blob")) {
            while (rows.next()) {
                ledger.put(rows.getString(1), rows.getBoolean(2));
            }
        }
        Path objects = data.resolve("objects/modelyard/blobs/sha256");
        Map<String, Path> onDisk = new HashMap<>();
        if (Files.isDirectory(objects)) {
            try (Stream<Path> walk = Files.walk(objects)) {
                walk.filter(Files::isRegularFile).forEach(p -> onDisk.put(p.getFileName().toString(), p));
            }
        }
        for (String sha : onDisk.keySet()) {
            if (!sha.matches("[0-9a-f]{64}")) {
                // the folder store's temporary file of a write the kill interrupted: the restart must remove it
                interruptedWrites.add(onDisk.get(sha));
                continue;
            }
            if (!ledger.containsKey(sha)) {
                violations.add("kill " + round + ": object " + sha + " has no ledger row: the sweep never finds it");
            }
        }
        try (ResultSet rows = sql.executeQuery("SELECT DISTINCT sha256 FROM manifest_entry")) {
            while (rows.next()) {
                String sha = rows.getString(1);
                Path object = onDisk.get(sha);
                if (!Boolean.TRUE.equals(ledger.get(sha))) {
                    violations.add("kill " + round + ": a version references " + sha + " whose ledger row is not stored");
                } else if (object == null) {
                    violations.add("kill " + round + ": a version references " + sha + " whose object is missing");
                } else if (!sha256(object).equals(sha)) {
                    violations.add("kill " + round + ": object " + sha + " holds other bytes");
                }
            }
        }
    }

    /**
     * After a restart: every version acknowledged in the round just killed, and a sample of older ones, downloads
     * one of its files with the acknowledged bytes through the restarted server.
     */
    private void checkRestarted(ServerProcess server, int round) throws IOException, InterruptedException {
        for (Path leftover : interruptedWrites) {
            if (Files.exists(leftover)) {
                violations.add("restart " + round + ": the interrupted write " + leftover.getFileName() + " is still there");
            }
        }
        if (!interruptedWrites.isEmpty()) {
            System.out.printf("restart %d: %d interrupted object writes removed%n", round, interruptedWrites.size());
        }
        interruptedWrites.clear();
        List<String> refs = new ArrayList<>(ackedThisRound);
        ackedThisRound.clear();
        List<String> older = new ArrayList<>();
        acknowledged.forEach((name, versions) -> versions.keySet().forEach(v -> older.add(name + ":" + v)));
        Collections.shuffle(older, random);
        refs.addAll(older.subList(0, Math.min(20, older.size())));
        for (String ref : refs) {
            int colon = ref.lastIndexOf(':');
            String name = ref.substring(0, colon);
            int version = Integer.parseInt(ref.substring(colon + 1));
            var file = acknowledged.get(name).get(version).entrySet().iterator().next();
            HttpRequest request = HttpRequest.newBuilder(server.uri("/api/v1/models/" + name + "/versions/" + version
                            + "/files/" + file.getKey()))
                    .header("Authorization", ServerProcess.adminAuth()).timeout(Duration.ofSeconds(60)).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                violations.add("restart " + round + ": " + ref + "/" + file.getKey() + " answered " + response.statusCode());
            } else if (!sha256(response.body()).equals(file.getValue())) {
                violations.add("restart " + round + ": " + ref + "/" + file.getKey() + " downloads other bytes");
            }
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
