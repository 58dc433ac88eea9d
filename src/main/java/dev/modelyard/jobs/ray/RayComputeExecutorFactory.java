package dev.modelyard.jobs.ray;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.ComputeExecutor;
import dev.modelyard.jobs.ComputeExecutorFactory;
import dev.modelyard.jobs.ComputeTargetDefinition;
import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.JobWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Makes executors for compute targets of kind {@code ray}: a Ray cluster address ({@code host:port} of its GCS) and
 * the resources each job asks for. See docs/decisions/022-jobs-on-ray.md.
 */
@Component
public class RayComputeExecutorFactory implements ComputeExecutorFactory {

    public static final String KIND = "ray";
    /** host:port, the host a name or an IPv4 address: what {@code ray start --address} and {@code ray.init} take. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?:(\\d{1,5})");
    private static final String DRIVER = "modelyard_ray_driver.py";

    private final JobRunner runner;
    private final JobWorkspace workspace;
    private final JobsProperties jobs;
    private final RayProperties ray;
    private final ObjectMapper json;
    private volatile Path driver;

    RayComputeExecutorFactory(JobRunner runner, JobWorkspace workspace, JobsProperties jobs, RayProperties ray,
                              ObjectMapper json) {
        this.runner = runner;
        this.workspace = workspace;
        this.jobs = jobs;
        this.ray = ray;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void validate(ComputeTargetDefinition target) {
        if (target.address() == null || !ADDRESS.matcher(target.address()).matches()
                || Integer.parseInt(target.address().substring(target.address().lastIndexOf(':') + 1)) > 65535) {
            throw new IllegalArgumentException("a Ray target needs the address of its cluster as host:port, "
                    + "e.g. ray-head.internal:6379");
        }
        if (target.slots() < 1 || target.slots() > 10_000) {
            throw new IllegalArgumentException("slots (jobs the target runs at once) is between 1 and 10000");
        }
        ComputeTargetDefinition.ComputeResources r = target.resources();
        if (r == null || !(r.cpus() > 0) || r.cpus() > 10_000) {
            throw new IllegalArgumentException("resources.cpus (CPUs per job) is more than 0, e.g. 1 or 0.5");
        }
        if (r.memoryMb() < 0 || r.gpus() < 0 || r.gpus() > 1024) {
            throw new IllegalArgumentException("resources.memoryMb and resources.gpus are 0 or more");
        }
        python();
    }

    @Override
    public RayComputeExecutor create(ComputeTargetDefinition target) {
        validate(target);
        return new RayComputeExecutor(target, runner, new RayLaunch(target, python(), driver(), workspace, jobs, json),
                ray.statusTimeout());
    }

    /** The configured Python, checked: every job on a Ray target needs it. */
    private Path python() {
        Path python = ray.python() == null ? null : ray.python().toAbsolutePath();
        if (python == null || !Files.isExecutable(python)) {
            throw new IllegalArgumentException("Ray targets need modelyard.jobs.ray.python: the path of a Python "
                    + "with ray installed (pip install ray==<the cluster's version>)");
        }
        return python;
    }

    /** The driver script, copied from the jar to a file once (readable by everyone: it holds no secret). */
    private Path driver() {
        Path found = driver;
        if (found != null && Files.isRegularFile(found)) {
            return found;
        }
        synchronized (this) {
            try (InputStream in = RayComputeExecutorFactory.class.getResourceAsStream(DRIVER)) {
                if (in == null) {
                    throw new IllegalStateException(DRIVER + " is missing from the application");
                }
                Path dir = Files.createTempDirectory("modelyard-ray",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                Path file = dir.resolve(DRIVER);
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                dir.toFile().deleteOnExit(); // runs after the file's: deleteOnExit deletes in reverse order
                file.toFile().deleteOnExit();
                driver = file;
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Ray driver script", e);
            }
        }
    }
}
