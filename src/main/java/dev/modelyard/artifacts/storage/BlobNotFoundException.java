package dev.modelyard.artifacts.storage;

import dev.modelyard.base.NotFoundException;

/** A key that the object store does not hold. */
public class BlobNotFoundException extends NotFoundException {
    public BlobNotFoundException(String key) {
        super("stored object " + key + " is missing");
    }
}
