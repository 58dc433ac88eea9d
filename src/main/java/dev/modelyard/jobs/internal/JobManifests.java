package dev.modelyard.jobs.internal;

import dev.modelyard.artifacts.ManifestReferences;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the storage garbage collector which manifests jobs hold: their code and what they left. */
@Component
class JobManifests implements ManifestReferences {

    private final JobRepository jobs;

    JobManifests(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<Long> referencedManifests() {
        return new HashSet<>(jobs.allManifestIds());
    }
}
