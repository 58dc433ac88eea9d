package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.jobs.execution.LocalProcessRunner;
import dev.modelyard.jobs.execution.ProcessOutcome;
import dev.modelyard.jobs.execution.ProcessSpec;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.models.formats.ModelFileSource;
import dev.modelyard.models.formats.ModelFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sample project trains on this host's Debian Python and its model folder passes our own MLflow check. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SampleProjectTest {

    private static final Path SAMPLE = Path.of("samples/diabetes");
    private static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL = "apt-get install python3-sklearn";

    @TempDir
    Path dir;

    private final LocalProcessRunner runner = new LocalProcessRunner();

    @Test
    void the_diabetes_sample_trains_and_writes_an_mlflow_model_that_modelyard_accepts() throws Exception {
        requirePythonWithScikitLearn();
        Path project = copySample();
        Path outputs = project.resolve("outputs");
        var environment = Map.of("MODELYARD_OUTPUTS_DIR", outputs.toString(), "MODELYARD_JOB_NAME", "sample_job_1");

        String log = run(List.of(PYTHON, "train.py", "--training_data", "diabetes.csv"), project, environment);

        Matcher accuracy = Pattern.compile("(?m)^Accuracy: (\\d\\.\\d+)$").matcher(log);
        assertThat(accuracy.find()).as("accuracy printed in:%n%s", log).isTrue();
        assertThat(Double.parseDouble(accuracy.group(1))).isBetween(0.7, 1.0);
        assertThat(log).containsPattern("(?m)^AUC: \\d\\.\\d+$");

        var model = new FolderFiles(outputs.resolve("model"));
        var format = (MlflowFormat) ModelFormats.inspect(ModelType.MLFLOW, model);
        assertThat(format.signature().inputs()).hasSize(8)
                .allSatisfy(input -> assertThat(input).containsEntry("type", "double"));
        assertThat(format.signature().inputs().get(0)).containsEntry("name", "Pregnancies");
        assertThat(format.signature().outputs()).containsExactly(Map.of("type", "long"));
        assertThat(format.flavors()).containsOnlyKeys("python_function", "sklearn");
        assertThat(format.runId()).isEqualTo("sample_job_1");
        assertThat(format.mlflowVersion()).isEqualTo("2.22.2");
        assertThat(format.pythonVersion()).matches("3\\.\\d+\\.\\d+");
        assertThat(model.paths()).containsExactlyInAnyOrder(
                "MLmodel", "model.pkl", "requirements.txt", "conda.yaml", "python_env.yaml");
        assertThat(Files.readAllLines(outputs.resolve("model/requirements.txt"))).contains("mlflow==2.22.2")
                .anyMatch(line -> line.startsWith("scikit-learn==")).anyMatch(line -> line.startsWith("numpy=="));

        JsonNode metrics = new ObjectMapper().readTree(outputs.resolve("metrics.json").toFile());
        assertThat(metrics.get("accuracy").asDouble()).isCloseTo(Double.parseDouble(accuracy.group(1)), offset(0.0001));
        assertThat(metrics.get("auc").asDouble()).isBetween(0.5, 1.0);
    }

    /** Fails, never skips: without scikit-learn this test would prove nothing about the sample. */
    private void requirePythonWithScikitLearn() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing; the sample project needs Debian's Python with scikit-learn: " + INSTALL);
        }
        Path log = dir.resolve("check.log");
        ProcessOutcome outcome = runner.start(new ProcessSpec(List.of(PYTHON, "-c", "import numpy, sklearn"), dir,
                Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(5)), log).await();
        if (outcome.exitCode() != 0) {
            fail(PYTHON + " cannot import numpy and scikit-learn (" + INSTALL + "):%n%s", Files.readString(log));
        }
    }

    /** Runs the command to a successful end and returns its log. */
    private String run(List<String> argv, Path workDir, Map<String, String> environment) throws Exception {
        Path log = dir.resolve("train.log");
        var spec = new ProcessSpec(argv, workDir, environment, Duration.ofSeconds(90), Duration.ofSeconds(5));
        ProcessOutcome outcome = runner.start(spec, log).await();
        String output = Files.readString(log);
        assertThat(outcome.exitCode()).as("%s%n%s", outcome.message(), output).isZero();
        return output;
    }

    /** The sample's own files, as a user would upload them; nothing a previous local run left behind. */
    private Path copySample() throws IOException {
        Path project = Files.createDirectory(dir.resolve("diabetes"));
        try (Stream<Path> files = Files.list(SAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, project.resolve(file.getFileName().toString()));
            }
        }
        assertThat(project.resolve("train.py")).exists();
        assertThat(project.resolve("diabetes.csv")).exists();
        return project;
    }

    /** A model folder on disk as the format check sees an upload. */
    private record FolderFiles(Path root) implements ModelFileSource {

        @Override
        public List<String> paths() {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace(root.getFileSystem().getSeparator(), "/"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long size(String path) {
            try {
                return Files.size(root.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open(String path) throws IOException {
            return Files.newInputStream(root.resolve(path));
        }
    }
}
