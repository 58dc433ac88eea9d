package dev.modelyard.models;

import dev.modelyard.base.NotFoundException;

public class ModelNotFoundException extends NotFoundException {

    private ModelNotFoundException(String message) {
        super(message);
    }

    /** A tag or alias that a delete named does not exist. */
    public static class TagNotFound extends NotFoundException {
        public TagNotFound(String message) {
            super(message);
        }
    }

    public static ModelNotFoundException forName(String name) {
        return new ModelNotFoundException("model '" + name + "' does not exist");
    }

    public static ModelNotFoundException forVersion(VersionRef ref) {
        if (ref.isAlias()) {
            return new ModelNotFoundException("model '" + ref.name() + "' has no alias '" + ref.alias() + "'");
        }
        return new ModelNotFoundException(ref.isLatest()
                ? "model '" + ref.name() + "' has no active version"
                : "model '" + ref.name() + "' has no version " + ref.version());
    }

    public static ModelNotFoundException forFile(VersionRef ref, String path) {
        return new ModelNotFoundException("'" + ref + "' holds no file '" + path + "'");
    }
}
