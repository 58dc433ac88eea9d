package dev.modelyard.models;

import java.time.Instant;

/**
 * A model in a list, with the version that represents it: the newest of its versions that match the filter.
 *
 * @param latestVersion the newest matching version (the model's latest unless a newer version does not match)
 * @param newestVersion the number of the model's newest version in the listing's scope (the newest active one, or
 *                      with archived versions included the newest of all); equal to {@code latestVersion.version()}
 *                      when the row shows the latest
 */
public record ModelSummary(String name, String description, Instant updatedAt, VersionSummary latestVersion,
                           int newestVersion) {

    /** False when the row shows an older version because the newer ones do not match. */
    public boolean showsNewest() {
        return latestVersion.version() == newestVersion;
    }
}
