package dev.modelyard.jobs.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: {@code argv[0]} is an absolute program path (see {@link ProgramResolver}), because a bare name would
 * be looked up on this server's own PATH rather than the job's. {@code environment} is the child's complete
 * environment; nothing is inherited. {@code timeout} may be null for none; {@code killGrace} is how long a stopped
 * process has between SIGTERM and SIGKILL. {@code runAs}, when not null, is the account the process runs as (the
 * runner must be root).
 */
public record ProcessSpec(List<String> argv, Path workDir, Map<String, String> environment, Duration timeout,
        Duration killGrace, OsUser runAs) {

    /** A process that runs as this server's own user. */
    public ProcessSpec(List<String> argv, Path workDir, Map<String, String> environment, Duration timeout,
            Duration killGrace) {
        this(argv, workDir, environment, timeout, killGrace, null);
    }

    public ProcessSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(killGrace, "killGrace");
        if (argv.isEmpty() || !Path.of(argv.get(0)).isAbsolute()) {
            throw new IllegalArgumentException("argv[0] must be an absolute program path, got " + argv);
        }
        if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("an argument contains a NUL character");
        }
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a valid environment variable: " + name);
            }
        });
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
        }
    }

    /** Variable names only: values carry the job's access token and whatever secrets its submitter passed. */
    @Override
    public String toString() {
        return "ProcessSpec[argv=" + argv + ", workDir=" + workDir + ", environment=" + new java.util.TreeSet<>(environment.keySet())
                + ", timeout=" + timeout + ", killGrace=" + killGrace + "]";
    }
}
