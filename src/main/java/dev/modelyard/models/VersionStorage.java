package dev.modelyard.models;

/**
 * How a version's bytes sit in storage, in parts that add up to its distinct contents (a content stored twice in
 * the version counts once): what only it holds, what other versions of its model hold too, what versions of other
 * models in the workspace hold too, and what is held only by other stored files (a job's outputs it was registered
 * from, code uploads, other workspaces).
 *
 * @param totalBytes          the size of all its files
 * @param uniqueBytes         contents nothing else holds: what deleting the version could free
 * @param sameModelBytes      contents other versions of the same model hold too
 * @param otherModelsBytes    contents versions of other models in the workspace hold, and no other version of this one
 * @param elsewhereBytes      contents no other version holds but other stored files do (job outputs, uploads)
 */
public record VersionStorage(long totalBytes, long uniqueBytes, long sameModelBytes, long otherModelsBytes,
                             long elsewhereBytes) {

    /** Everything any other version in the workspace holds too. */
    public long sharedBytes() {
        return sameModelBytes + otherModelsBytes;
    }
}
