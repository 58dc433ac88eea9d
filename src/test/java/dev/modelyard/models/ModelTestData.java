package dev.modelyard.models;

import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Named test data: the real fixtures and a few small hand-made uploads. */
public final class ModelTestData {

    public static final String MLFLOW_FIXTURE = "mlflow-sklearn-diabetes";
    public static final String TRITON_FIXTURE = "triton-model-repository";

    private ModelTestData() {
    }

    /** A model name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The folder of a fixture on disk; fails loudly when the fixture was not copied into the project. */
    public static Path fixture(String name) {
        URL url = ModelTestData.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " is missing from src/test/resources/fixtures");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file of a fixture folder as relative path → absolute path. */
    public static List<Path> fixtureFiles(String name) {
        try (Stream<Path> walk = Files.walk(fixture(name))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages a fixture folder's files with paths relative to the folder. */
    public static StagedUpload stageFixture(ArtifactService artifacts, String name) {
        Path root = fixture(name);
        StagedUpload staged = artifacts.stage();
        for (Path file : fixtureFiles(name)) {
            try (InputStream in = Files.newInputStream(file)) {
                staged.addFile(root.relativize(file).toString().replace('\\', '/'), in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return staged;
    }

    /** Stages small text files given as path → content. */
    public static StagedUpload stageText(ArtifactService artifacts, Map<String, String> files) {
        StagedUpload staged = artifacts.stage();
        files.forEach((path, content) -> staged.addFile(path,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))));
        return staged;
    }

    public static RegisterModelCommand custom(String name) {
        return new RegisterModelCommand(name, null, ModelType.CUSTOM, "a custom model", Map.of("team", "fraud"),
                Map.of("framework", "none"), VersionSource.upload());
    }

    /** An MLflow registration with tags that differ from {@link #custom}. */
    public static RegisterModelCommand mlflowLike(String name) {
        return new RegisterModelCommand(name, null, ModelType.MLFLOW, null, Map.of("team", "risk"), null, null);
    }

    public static RegisterModelCommand mlflow(String name) {
        return new RegisterModelCommand(name, null, ModelType.MLFLOW, "Model created from run.",
                Map.of("team", "risk", "auc", "0.91"), Map.of("framework", "sklearn"), VersionSource.upload());
    }
}
