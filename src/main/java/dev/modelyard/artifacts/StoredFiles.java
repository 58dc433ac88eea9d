package dev.modelyard.artifacts;

import java.util.List;

/**
 * Files whose bytes are now in the object store, not yet bound to anything.
 *
 * @param bytesNew    bytes this registration wrote to storage
 * @param bytesReused bytes whose content was stored already
 */
public record StoredFiles(List<ArtifactFile> files, long bytesNew, long bytesReused) {

    public StoredFiles {
        files = List.copyOf(files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ArtifactFile::size).sum();
    }
}
