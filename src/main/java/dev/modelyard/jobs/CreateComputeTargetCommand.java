package dev.modelyard.jobs;

/**
 * A compute target to create: {@code {"name", "kind": "local", "slots"}} or
 * {@code {"name", "kind": "ray", "address": "host:port", "resources": {"cpus", "memoryMb", "gpus"}}}.
 *
 * @param slots null for 1 (local) or for what the kind's factory decides
 */
public record CreateComputeTargetCommand(String name, String kind, Integer slots, String address,
                                         ComputeTargetDefinition.ComputeResources resources, String description) {
}
