package dev.modelyard.models.formats;

import dev.modelyard.models.ModelType;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/** The entry point: checks an upload against its model type and says which type an upload looks like. */
public final class ModelFormats {

    private ModelFormats() {
    }

    /**
     * Checks that {@code files} form a valid model of {@code type} and returns what its descriptors say;
     * throws {@link ModelFormatException} naming the problem, or UncheckedIOException if a file cannot be read.
     */
    public static FormatInfo inspect(ModelType type, ModelFileSource files) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(files, "files");
        return switch (type) {
            case CUSTOM -> {
                if (files.paths().isEmpty()) {
                    throw new ModelFormatException("a custom model needs at least one file");
                }
                yield new CustomFormat();
            }
            case MLFLOW -> {
                requireFiles(files, "an MLflow model needs an MLmodel file at the root of the upload");
                yield MlflowInspector.inspect(files);
            }
            case TRITON -> {
                requireFiles(files, "a Triton model needs <model>/config.pbtxt and a numeric version folder");
                yield TritonInspector.inspect(files);
            }
        };
    }

    /** The type an upload with these paths looks like: MLmodel at the root, else config.pbtxt at or just below it. */
    public static Optional<ModelType> suggestType(Collection<String> paths) {
        if (paths.contains(MlflowInspector.MLMODEL)) {
            return Optional.of(ModelType.MLFLOW);
        }
        boolean triton = paths.stream()
                .anyMatch(p -> p.equals(TritonInspector.CONFIG) || TritonInspector.isModelFolderConfig(p));
        return triton ? Optional.of(ModelType.TRITON) : Optional.empty();
    }

    /**
     * The one top-level folder that holds every file of an upload ({@code zip -r model.zip model-folder}), which
     * is then registered from inside it; empty when the files sit at the root or in several folders. A folder
     * holding {@code config.pbtxt} directly is a Triton model of a repository and keeps its place.
     */
    public static Optional<String> wrappingFolder(Collection<String> paths) {
        String folder = null;
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            String top = path.substring(0, slash);
            if (folder != null && !folder.equals(top)) {
                return Optional.empty();
            }
            folder = top;
        }
        if (folder == null || paths.contains(folder + "/" + TritonInspector.CONFIG)) {
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    /** The paths as registered: inside their {@link #wrappingFolder} when they have one. */
    public static java.util.List<String> asRegistered(Collection<String> paths) {
        Optional<String> folder = wrappingFolder(paths);
        return folder.map(f -> paths.stream().map(p -> p.substring(f.length() + 1)).toList())
                .orElseGet(() -> java.util.List.copyOf(paths));
    }

    /** The record {@link #inspect} returns for {@code type}, for reading stored JSON back. */
    public static Class<? extends FormatInfo> formatClass(ModelType type) {
        return switch (type) {
            case MLFLOW -> MlflowFormat.class;
            case TRITON -> TritonFormat.class;
            case CUSTOM -> CustomFormat.class;
        };
    }

    private static void requireFiles(ModelFileSource files, String needs) {
        if (files.paths().isEmpty()) {
            throw new ModelFormatException("the upload has no files; " + needs);
        }
    }
}
