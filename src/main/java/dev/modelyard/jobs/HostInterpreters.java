package dev.modelyard.jobs;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The base interpreters a built environment may start from: the operator's list, each checked on this host (it runs,
 * and has venv with ensurepip, i.e. Debian's python3-venv) and asked its version. A spec cannot name any other program.
 */
@Component
class HostInterpreters {

    /** A fixed script, never user text. */
    private static final String PROBE = "import sys, venv, ensurepip; print('%d.%d.%d' % sys.version_info[:3])";

    private final List<Path> allowed;
    private final Map<Path, String> versions = new ConcurrentHashMap<>();

    HostInterpreters(EnvironmentsProperties properties) {
        this.allowed = properties.interpreters().stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    List<Path> allowed() {
        return allowed;
    }

    /** The interpreter to build with and its full version: the one named, else one that fits the conda version. */
    Map.Entry<Path, String> choose(String named, String condaPython) {
        if (named != null && !named.isBlank()) {
            Path path = allowed.stream().filter(p -> p.toString().equals(named.strip())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("interpreter", SafeText.quote(named, 200)
                            + " is not a base interpreter of this server; it offers: " + offered()));
            String version = version(path).orElseThrow(() -> unusable(path));
            if (condaPython != null && !version.startsWith(condaPython + ".")) {
                throw new InvalidInputException("conda", "conda.yaml asks for python " + condaPython + " but "
                        + path + " is Python " + version);
            }
            return Map.entry(path, version);
        }
        for (Path path : allowed) {
            Optional<String> version = version(path);
            if (version.isPresent() && (condaPython == null || version.get().startsWith(condaPython + "."))) {
                return Map.entry(path, version.get());
            }
        }
        if (condaPython != null) {
            throw new InvalidInputException("conda", "conda.yaml asks for python " + condaPython
                    + "; this server's interpreters are " + offered() + ". Ask the operator to add one"
                    + " (modelyard.environments.interpreters) or change the python line");
        }
        throw unusable(allowed.isEmpty() ? Path.of("(none configured)") : allowed.get(0));
    }

    private InvalidInputException unusable(Path path) {
        return new InvalidInputException("interpreter", path + " cannot build virtualenvs on this host (missing, or"
                + " without venv/ensurepip: on Debian, apt-get install python3-venv)");
    }

    String offered() {
        return allowed.stream().map(p -> p + version(p).map(v -> " (Python " + v + ")").orElse(" (not usable)"))
                .collect(Collectors.joining(", "));
    }

    Optional<String> version(Path interpreter) {
        String known = versions.get(interpreter);
        if (known != null) {
            return Optional.of(known);
        }
        if (!Files.isExecutable(interpreter)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(interpreter.toString(), "-c", PROBE).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0 || !out.matches("\\d+\\.\\d+\\.\\d+")) {
                return Optional.empty();
            }
            versions.put(interpreter, out);
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
