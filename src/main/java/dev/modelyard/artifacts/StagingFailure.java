package dev.modelyard.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The server could not write to its own staging area: a server fault, never the uploader's. */
final class StagingFailure extends UncheckedIOException {
    StagingFailure(String message, IOException cause) {
        super(message, cause);
    }
}
