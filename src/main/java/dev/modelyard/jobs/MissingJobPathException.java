package dev.modelyard.jobs;

import dev.modelyard.base.InvalidInputException;
import java.util.List;

/** A job reference whose path the job did not produce; carries the folders it did produce. */
public class MissingJobPathException extends InvalidInputException {

    private final List<String> existingPaths;

    public MissingJobPathException(JobReference reference, List<String> existingPaths) {
        super("source", "job '" + reference.job() + "' has no artifacts under '" + reference.path() + "'; it has: "
                + (existingPaths.isEmpty() ? "no artifacts yet" : String.join(", ", existingPaths)));
        this.existingPaths = List.copyOf(existingPaths);
    }

    public List<String> existingPaths() {
        return existingPaths;
    }
}
