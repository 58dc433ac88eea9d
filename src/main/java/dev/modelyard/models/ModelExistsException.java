package dev.modelyard.models;

import dev.modelyard.base.ConflictException;

/** A model with this name (compared case-insensitively) exists already. */
public class ModelExistsException extends ConflictException {
    public ModelExistsException(String name) {
        super("model '" + name + "' already exists");
    }
}
