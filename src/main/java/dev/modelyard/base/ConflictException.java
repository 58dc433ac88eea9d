package dev.modelyard.base;

/** The request clashes with the current state, such as a version number that is taken. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
