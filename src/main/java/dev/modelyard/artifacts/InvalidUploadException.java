package dev.modelyard.artifacts;

import dev.modelyard.base.InvalidInputException;

/** An upload was refused because of a bad name or malformed archive; the message names the entry and is safe to show. */
public class InvalidUploadException extends InvalidInputException {
    public InvalidUploadException(String message) {
        super(message);
    }
}
