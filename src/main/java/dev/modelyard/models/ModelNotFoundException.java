package dev.modelyard.models;

import dev.modelyard.base.NotFoundException;

public class ModelNotFoundException extends NotFoundException {

    private ModelNotFoundException(String message) {
        super(message);
    }

    public static ModelNotFoundException forName(String name) {
        return new ModelNotFoundException("model '" + name + "' does not exist");
    }

    public static ModelNotFoundException forVersion(VersionRef ref) {
        return new ModelNotFoundException(ref.isLatest()
                ? "model '" + ref.name() + "' has no active version"
                : "model '" + ref.name() + "' has no version " + ref.version());
    }

    public static ModelNotFoundException forFile(VersionRef ref, String path) {
        return new ModelNotFoundException("'" + ref + "' holds no file '" + path + "'");
    }
}
