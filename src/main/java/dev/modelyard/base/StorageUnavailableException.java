package dev.modelyard.base;

/** The object store could not be reached or refused an operation; nothing was registered. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
