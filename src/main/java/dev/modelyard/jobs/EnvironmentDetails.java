package dev.modelyard.jobs;

import java.time.Instant;

/** One version of an environment. */
public record EnvironmentDetails(String name, int version, String description, EnvironmentSpec spec, Instant createdAt) {

    /** {@code name:version}. */
    public String reference() {
        return name + ":" + version;
    }
}
