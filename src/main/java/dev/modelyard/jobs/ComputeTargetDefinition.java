package dev.modelyard.jobs;

/**
 * A compute target as a workspace defines it: what {@link ComputeExecutorFactory} turns into a running
 * {@link ComputeExecutor}. The seam between the compute-target resource (per workspace, in the database) and the
 * engines that run jobs (local processes, a Ray cluster).
 *
 * @param workspaceId the workspace the target belongs to
 * @param name        the name jobs use, unique in the workspace
 * @param kind        {@code local} or {@code ray}; a factory exists per kind
 * @param slots       jobs it runs at once
 * @param address     the cluster address for cluster kinds (e.g. {@code 127.0.0.1:6379} for Ray); null for local
 * @param resources   what each job asks the cluster for; null for local
 */
public record ComputeTargetDefinition(long workspaceId, String name, String kind, int slots, String address,
                                      ComputeResources resources) {

    /**
     * Resources a job of a cluster target asks for.
     *
     * @param cpus     CPUs per job (fractional allowed, as Ray allows)
     * @param memoryMb memory per job in MiB, 0 for the engine's default
     * @param gpus     GPUs per job, 0 for none
     */
    public record ComputeResources(double cpus, long memoryMb, int gpus) {
    }
}
