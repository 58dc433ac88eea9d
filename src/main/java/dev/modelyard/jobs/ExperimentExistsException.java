package dev.modelyard.jobs;

import dev.modelyard.base.ConflictException;

/** An experiment with this name (compared case-insensitively) exists already. */
public class ExperimentExistsException extends ConflictException {
    public ExperimentExistsException(String name) {
        super("experiment '" + name + "' already exists");
    }
}
