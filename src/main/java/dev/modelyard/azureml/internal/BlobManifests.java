package dev.modelyard.azureml.internal;

import dev.modelyard.artifacts.ManifestReferences;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Tells storage GC which manifests the uploaded blobs and staged blocks hold. */
@Component
class BlobManifests implements ManifestReferences {

    private final StoredBlobRepository blobs;

    BlobManifests(StoredBlobRepository blobs) {
        this.blobs = blobs;
    }

    @Override
    public Set<Long> referencedManifests() {
        return new HashSet<>(blobs.allManifestIds());
    }
}
