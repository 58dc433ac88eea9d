package dev.modelyard.jobs.ray;

import java.util.List;
import java.util.Map;

/**
 * A Ray cluster as the Compute page shows it: its nodes, and the resources it has in total and free now.
 *
 * @param reachable false when the cluster could not be asked; {@code problem} then says why
 * @param nodes     every node the cluster knows, alive or dead
 * @param total     resources of the alive nodes by name ({@code CPU}, {@code GPU}, {@code memory} in bytes, ...)
 * @param available resources free now
 */
public record RayClusterStatus(boolean reachable, String problem, List<Node> nodes, Map<String, Double> total,
                               Map<String, Double> available) {

    public static RayClusterStatus unreachable(String problem) {
        return new RayClusterStatus(false, problem, List.of(), Map.of(), Map.of());
    }

    /** One Ray node: its id, address, whether it is alive, and its resources. */
    public record Node(String nodeId, String address, boolean alive, Map<String, Double> resources) {
    }
}
