package dev.modelyard.artifacts;

import java.util.Set;

/**
 * A feature that binds manifests (model versions, jobs) tells the storage garbage collector which ones it holds.
 * Implementations must see every workspace's rows (native SQL, no per-request filters). The database's foreign
 * keys to {@code manifest} remain the last guard: a manifest still referenced cannot be deleted even if a holder
 * forgot to report it.
 */
public interface ManifestReferences {

    /** Ids of every manifest this feature references now. */
    Set<Long> referencedManifests();
}
