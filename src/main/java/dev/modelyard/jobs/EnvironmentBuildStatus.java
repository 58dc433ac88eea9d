package dev.modelyard.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a built environment stands; a host environment is always Ready. */
public enum EnvironmentBuildStatus {
    BUILDING("Building"), READY("Ready"), FAILED("Failed"),
    /** Deleted or evicted to free disk: the spec stays and the next job naming it builds it again. */
    REMOVED("NotBuilt");

    private final String wireName;

    EnvironmentBuildStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
