package dev.modelyard.models;

import dev.modelyard.artifacts.ArtifactFile;
import java.util.List;

/** Stored files a reference names, and how the version will record where they came from. */
public record ResolvedSource(VersionSource source, List<ArtifactFile> files) {

    public ResolvedSource {
        files = List.copyOf(files);
    }
}
