package dev.modelyard.jobs.ray;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.ComputeTargetDefinition;
import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.execution.JobProcesses;
import dev.modelyard.jobs.execution.ProcessOutcome;
import dev.modelyard.jobs.execution.ProcessSpec;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.JobWorkspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps a job's process in the Ray driver: the driver runs on this host (so cancel, timeout, the log file and the
 * leftover kill work exactly as for {@code local}), the job's command runs on a Ray worker. The job's spec (its
 * environment holds its token and secrets) goes to the driver in a private file that the driver deletes on reading,
 * never on a command line.
 */
final class RayLaunch implements JobRunner.Launch {

    static final String SPEC_FILE = "ray-spec.json";
    static final String FAILURE_FILE = "ray-failure.txt";

    private final ComputeTargetDefinition target;
    private final Path python;
    private final Path driver;
    private final JobWorkspace workspace;
    private final JobsProperties jobs;
    private final ObjectMapper json;

    RayLaunch(ComputeTargetDefinition target, Path python, Path driver, JobWorkspace workspace, JobsProperties jobs,
              ObjectMapper json) {
        this.target = target;
        this.python = python;
        this.driver = driver;
        this.workspace = workspace;
        this.jobs = jobs;
        this.json = json;
    }

    Path python() {
        return python;
    }

    Path driver() {
        return driver;
    }

    @Override
    public ProcessSpec wrap(String name, ProcessSpec job) throws IOException {
        Path tmp = workspace.tmpDir(name);
        Path spec = tmp.resolve(SPEC_FILE);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("cpus", target.resources().cpus());
        resources.put("memoryMb", target.resources().memoryMb());
        resources.put("gpus", target.resources().gpus());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("address", target.address());
        content.put("resources", resources);
        content.put("argv", job.argv());
        content.put("env", job.environment());
        content.put("localWork", job.workDir().toString());
        content.put("marker", job.environment().get(JobProcesses.MARKER));
        // the worker's share of the kill grace: the driver must confirm the stop before this host SIGKILLs it
        content.put("killGraceSeconds", Math.max(0.5, jobs.killGrace().toMillis() * 0.6 / 1000.0));
        content.put("failureFile", tmp.resolve(FAILURE_FILE).toString());
        Files.deleteIfExists(spec);
        Files.write(spec, json.writeValueAsBytes(content), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-------"));
        if (job.runAs() != null) {
            Files.setAttribute(spec, "unix:uid", job.runAs().uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(spec, "unix:gid", job.runAs().gid(), LinkOption.NOFOLLOW_LINKS);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", job.environment().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", tmp.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("RAY_USAGE_STATS_ENABLED", "0");
        // the driver carries the run's marker too, so the leftover kill on this host finds it whatever happens
        env.put(JobProcesses.MARKER, job.environment().get(JobProcesses.MARKER));
        // ... and says it is the driver, so the worker's kill of the job's processes spares it when both share a host
        env.put("MODELYARD_RAY_DRIVER", job.environment().get(JobProcesses.MARKER));
        return new ProcessSpec(List.of(python.toString(), driver.toString(), "run", spec.toString()), tmp, env,
                job.timeout(), job.killGrace(), job.runAs());
    }

    @Override
    public Optional<String> failure(String name, ProcessOutcome outcome) {
        Path file = workspace.tmpDir(name).resolve(FAILURE_FILE);
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                String reason = Files.readString(file, StandardCharsets.UTF_8).strip();
                return reason.isEmpty() ? Optional.empty()
                        : Optional.of(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
