package dev.modelyard.models.formats;

import dev.modelyard.base.InvalidInputException;

/** The upload does not match its model type; the message names the file and the problem and is safe to show. */
public class ModelFormatException extends InvalidInputException {
    public ModelFormatException(String message) {
        super(message);
    }
}
