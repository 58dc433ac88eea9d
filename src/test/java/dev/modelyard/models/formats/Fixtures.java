package dev.modelyard.models.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Loads the real model folders under fixtures/ on the test classpath; a missing one fails the test, never skips it. */
final class Fixtures {

    private Fixtures() {
    }

    static InMemoryFiles mlflowSklearnDiabetes() {
        return load("mlflow-sklearn-diabetes");
    }

    static InMemoryFiles tritonModelRepository() {
        return load("triton-model-repository");
    }

    static InMemoryFiles load(String folder) {
        String resource = "fixtures/" + folder;
        URL url = Fixtures.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new AssertionError("fixture folder " + resource + " is missing from the test classpath");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            Path root = Path.of(url.toURI());
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (files.isEmpty()) {
            throw new AssertionError("fixture folder " + resource + " is empty");
        }
        return new InMemoryFiles(files);
    }
}
