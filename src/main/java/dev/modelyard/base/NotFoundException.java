package dev.modelyard.base;

/** The thing asked for does not exist (or the caller may not see it); the message names it. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
