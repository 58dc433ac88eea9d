package dev.modelyard.jobs.internal;

import dev.modelyard.base.Bytes;
import dev.modelyard.jobs.envspec.EnvironmentDefinition;
import dev.modelyard.jobs.execution.LocalProcessRunner;
import dev.modelyard.jobs.execution.ProcessOutcome;
import dev.modelyard.jobs.execution.ProcessSpec;
import dev.modelyard.jobs.execution.RunningProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Builds one virtualenv with the host's own tools, as an operator would type it: {@code <base> -m venv <tmp>}, then
 * {@code <tmp>/bin/python -m pip install -r <checked requirements file>}, then {@code pip freeze}. No shell; the
 * only user text pip sees is the requirements file, whose every line passed {@code Requirements}. pip runs with the
 * operator's pip configuration (config files and PIP_* variables of Modelyard's own environment) and nothing else
 * of that environment. The folder becomes visible under its final name only when everything succeeded: a rename.
 */
final class VenvBuilder {

    /** Variables of Modelyard's own environment pip may see: its configuration, proxies and certificates. */
    private static final List<String> PASSED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TMPDIR",
            "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_CACHE_HOME", "http_proxy", "https_proxy", "no_proxy",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
            "CURL_CA_BUNDLE", "NETRC");
    static final String REQUIREMENTS_FILE = "modelyard-requirements.txt";
    private static final int ERROR_TAIL = 64 * 1024;

    record Result(String error, String freeze, long sizeBytes) {
        boolean ok() {
            return error == null;
        }
    }

    private final LocalProcessRunner processes = new LocalProcessRunner();

    /**
     * Builds {@code definition} into {@code target} (which must not exist yet, or is a stale leftover and replaced),
     * appending everything to {@code log}. Never leaves a partial folder under {@code target}'s name.
     */
    Result build(EnvironmentDefinition definition, Path target, Path log, Duration timeout, List<String> pipOptions,
                 boolean sourceBuilds) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path root = target.getParent();
        Path tmp = root.resolve(".build-" + target.getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(root);
            note(log, "Modelyard: building with " + definition.interpreter() + " (Python " + definition.pythonVersion()
                    + "), " + definition.requirements().size() + " requirement(s)");
            String failure = run(List.of(definition.interpreter(), "-m", "venv", tmp.toString()), root, log, deadline,
                    timeout, "python -m venv");
            if (failure != null) {
                return new Result(failure, null, 0);
            }
            if (!definition.requirements().isEmpty()) {
                Path requirements = tmp.resolve(REQUIREMENTS_FILE);
                Files.writeString(requirements, definition.requirementsFile(), StandardCharsets.UTF_8);
                List<String> pip = new ArrayList<>(List.of(python(tmp), "-m", "pip", "install", "--no-input",
                        "--disable-pip-version-check"));
                if (!sourceBuilds) {
                    pip.add("--only-binary=:all:");
                }
                pip.addAll(pipOptions);
                pip.addAll(List.of("-r", requirements.toString()));
                note(log, "Modelyard: pip install -r " + REQUIREMENTS_FILE + (sourceBuilds ? "" : " (wheels only)"));
                failure = run(pip, tmp, log, deadline, timeout, "pip install");
                if (failure != null) {
                    return new Result(failure, null, 0);
                }
            }
            Path freezeLog = root.resolve(tmp.getFileName() + ".freeze");
            try {
                failure = run(List.of(python(tmp), "-m", "pip", "freeze", "--disable-pip-version-check"), tmp,
                        freezeLog, deadline, timeout, "pip freeze");
                if (failure != null) {
                    return new Result(failure, null, 0);
                }
                String freeze = Files.readString(freezeLog, StandardCharsets.UTF_8).strip();
                relocate(tmp, target);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    delete(target);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                long size = size(target);
                note(log, "Modelyard: ready, " + size + " bytes");
                return new Result(null, freeze, size);
            } finally {
                Files.deleteIfExists(freezeLog);
            }
        } catch (IOException e) {
            note(log, "Modelyard: the build failed: " + e.getMessage());
            return new Result("the build failed inside Modelyard: " + e.getClass().getSimpleName(), null, 0);
        } finally {
            delete(tmp);
        }
    }

    static String python(Path venv) {
        return venv.resolve("bin").resolve("python").toString();
    }

    private String run(List<String> argv, Path workDir, Path log, long deadline, Duration timeout, String what)
            throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return "the build took longer than " + timeout + " and was stopped";
        }
        long logStart = sizeOf(log);
        RunningProcess process = processes.start(new ProcessSpec(argv, workDir, environment(), Duration.ofNanos(left),
                Duration.ofSeconds(5)), log);
        ProcessOutcome outcome;
        try {
            outcome = process.await();
        } catch (InterruptedException e) {
            process.cancel();
            throw e;
        }
        return switch (outcome.reason()) {
            case EXITED -> outcome.exitCode() == 0 ? null
                    : what + " failed (exit code " + outcome.exitCode() + "): " + errorLines(log, logStart);
            case TIMED_OUT -> "the build took longer than " + timeout + " and was stopped";
            case CANCELED -> "the build was stopped";
            case FAILED_TO_START -> what + " could not start: " + outcome.message();
        };
    }

    /** pip's own ERROR: lines; else the last lines it printed. */
    static String errorLines(Path log, long from) {
        String text = tail(log, from);
        List<String> errors = text.lines().filter(l -> l.startsWith("ERROR:")).map(String::strip).toList();
        if (!errors.isEmpty()) {
            return String.join("\n", errors);
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static String tail(Path log, long from) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, file.length() - ERROR_TAIL);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (PASSED.contains(name) || name.startsWith("PIP_")) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PIP_NO_INPUT", "1");
        return env;
    }

    /**
     * Scripts pip and venv wrote name the interpreter by the temporary folder's path (in the #! line, or in the
     * exec line of the /bin/sh wrapper pip writes for long paths, and in the activate scripts): point them at the
     * final folder before the rename. Binaries are left alone.
     */
    static void relocate(Path tmp, Path target) throws IOException {
        Path bin = tmp.resolve("bin");
        if (!Files.isDirectory(bin, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        byte[] from = tmp.toString().getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.toList()) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 1 << 20) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                boolean script = bytes.length > 2 && bytes[0] == '#' && bytes[1] == '!'
                        || file.getFileName().toString().startsWith("activate");
                if (script && Bytes.indexOf(bytes, from) >= 0) {
                    String text = new String(bytes, StandardCharsets.UTF_8).replace(tmp.toString(), target.toString());
                    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
        }
    }

    /** Bytes of the regular files under {@code dir}; links are not followed (the interpreter is a link). */
    static long size(Path dir) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total.addAndGet(attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }

    /** Removes a folder without following links (a link is removed, never its target). */
    static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(VenvBuilder.class).warn("Could not remove {} completely: {}", dir, e.toString());
        }
    }

    private static long sizeOf(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void note(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the build's status carries its outcome
        }
    }
}
