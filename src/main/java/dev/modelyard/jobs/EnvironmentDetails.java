package dev.modelyard.jobs;

import dev.modelyard.jobs.envspec.EnvironmentDefinition;
import java.time.Instant;

/**
 * One version of an environment.
 *
 * @param spec       what a job gets: for a built version, its virtualenv's interpreter first on PATH
 * @param status     Ready for a host environment; the current build's status for a built one
 * @param build      the current build (shared by every version with the same spec), null for a host environment
 *                   or a built one never built
 * @param definition what a built version is made from; null for a host environment
 */
public record EnvironmentDetails(String name, int version, String description, EnvironmentSpec spec, Instant createdAt,
                                 String createdBy, EnvironmentBuildStatus status, EnvironmentBuildInfo build,
                                 EnvironmentDefinition definition) {

    /** A host environment (python-3, sklearn-1): nothing to build. */
    public EnvironmentDetails(String name, int version, String description, EnvironmentSpec spec, Instant createdAt) {
        this(name, version, description, spec, createdAt, null, EnvironmentBuildStatus.READY, null, null);
    }

    /** {@code name:version}. */
    public String reference() {
        return name + ":" + version;
    }

    /** Built from a spec by Modelyard (issue 15), rather than provided by the host. */
    public boolean built() {
        return definition != null;
    }
}
