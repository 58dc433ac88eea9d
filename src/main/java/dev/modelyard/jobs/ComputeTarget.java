package dev.modelyard.jobs;

/**
 * A place jobs run, with how busy it is now.
 *
 * @param builtIn   true for targets every workspace has (such as {@code local}); they cannot be deleted
 * @param address   the cluster address of a cluster kind, else null
 * @param resources what each job asks a cluster for, else null
 */
public record ComputeTarget(String name, String kind, int slots, int running, int queued, boolean builtIn,
                            String address, ComputeTargetDefinition.ComputeResources resources, String description) {

    public ComputeTarget(String name, String kind, int slots, int running, int queued) {
        this(name, kind, slots, running, queued, true, null, null, null);
    }
}
