package dev.modelyard.models;

import dev.modelyard.base.ConflictException;

public class VersionConflictException extends ConflictException {
    public VersionConflictException(String name, int version) {
        super("model '" + name + "' already has version " + version + "; version numbers are never reused");
    }
}
