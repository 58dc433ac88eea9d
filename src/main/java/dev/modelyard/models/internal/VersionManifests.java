package dev.modelyard.models.internal;

import dev.modelyard.artifacts.ManifestReferences;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the storage garbage collector which manifests model versions hold. */
@Component
class VersionManifests implements ManifestReferences {

    private final ModelVersionRepository versions;

    VersionManifests(ModelVersionRepository versions) {
        this.versions = versions;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<Long> referencedManifests() {
        return new HashSet<>(versions.allManifestIds());
    }
}
