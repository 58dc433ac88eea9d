package dev.modelyard.jobs.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.ComputeTargetDefinition;
import dev.modelyard.jobs.execution.RunningProcess;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.SlotPoolExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compute target of kind {@code ray}: up to {@code slots} jobs at once, each through its own driver process on this
 * host that runs the job on the cluster. Waiting jobs are kept first in, first out, as on {@code local}; the cluster's
 * own scheduler then places each job's actor on a node with the resources it asks for.
 */
public class RayComputeExecutor extends SlotPoolExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RayComputeExecutor.class);

    private final ComputeTargetDefinition target;
    private final JobRunner runner;
    private final RayLaunch launch;
    private final Duration statusTimeout;

    RayComputeExecutor(ComputeTargetDefinition target, JobRunner runner, RayLaunch launch, Duration statusTimeout) {
        super(target.slots(), "job-ray-" + target.name() + "-");
        this.target = target;
        this.runner = runner;
        this.launch = launch;
        this.statusTimeout = statusTimeout;
    }

    public ComputeTargetDefinition definition() {
        return target;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public String kind() {
        return RayComputeExecutorFactory.KIND;
    }

    /** One driver process per job; a cancel sends it SIGTERM, and it stops the job's processes and actor. */
    @Override
    protected void run(String jobName, Consumer<RunningProcess> started) {
        runner.run(jobName, started, launch);
    }

    /** Stops taking work; running drivers are stopped like a cancel (their jobs end Canceled or are settled later). */
    @Override
    public void shutdown() {
        stop();
    }

    /**
     * The cluster's nodes and its total and free resources, asked through the driver ({@code ray.nodes()},
     * {@code ray.available_resources()}); never throws: an unreachable cluster is reported as such.
     */
    public RayClusterStatus clusterStatus() {
        List<String> argv = List.of(launch.python().toString(), launch.driver().toString(), "status", target.address());
        Process process = null;
        java.nio.file.Path answer = null;
        try {
            answer = java.nio.file.Files.createTempFile("ray-status", ".json");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(answer.toFile());
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8",
                    "RAY_USAGE_STATS_ENABLED", "0", "HOME", System.getProperty("java.io.tmpdir")));
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(statusTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return RayClusterStatus.unreachable("the cluster at " + target.address() + " did not answer within "
                        + statusTimeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                return RayClusterStatus.unreachable("the cluster at " + target.address() + " could not be reached");
            }
            return parse(new ObjectMapper().readTree(java.nio.file.Files.readString(answer, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.warn("Asking Ray cluster {} for its status failed", target.address(), e);
            return RayClusterStatus.unreachable("the cluster's status could not be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RayClusterStatus.unreachable("interrupted");
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (answer != null) {
                try {
                    java.nio.file.Files.deleteIfExists(answer);
                } catch (IOException ignored) {
                    // a temporary file; the JVM's temp folder is cleaned by the system
                }
            }
        }
    }

    private static RayClusterStatus parse(JsonNode root) {
        List<RayClusterStatus.Node> nodes = new ArrayList<>();
        root.path("nodes").forEach(n -> nodes.add(new RayClusterStatus.Node(n.path("nodeId").asText(),
                n.path("address").asText(), n.path("alive").asBoolean(), numbers(n.path("resources")))));
        return new RayClusterStatus(true, null, List.copyOf(nodes), numbers(root.path("total")),
                numbers(root.path("available")));
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return Map.copyOf(out);
    }
}
