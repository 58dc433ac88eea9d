package dev.modelyard.jobs;

import dev.modelyard.artifacts.UploadPaths;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder of a job's artifacts: {@code azureml://jobs/<job>/outputs/artifacts/paths/<path>} (Azure ML's form),
 * {@code jobs:/<job>/<path>}, or MLflow's {@code runs:/<run>/<path>} and
 * {@code mlflow-artifacts:/<experiment>/<run>/artifacts/<path>} (a run is a job: its id is the job name). The path
 * is checked like an uploaded file name.
 */
public record JobReference(String job, String path) {

    private static final Pattern AZURE = Pattern.compile("azureml://jobs/([^/]+)/outputs/artifacts/paths/(.+)");
    private static final Pattern SHORT = Pattern.compile("jobs:/([^/]+)/(.+)");
    private static final Pattern RUNS = Pattern.compile("runs:/([^/]+)/(.+)");
    private static final Pattern MLFLOW_ARTIFACTS = Pattern.compile("mlflow-artifacts:/[^/]+/([^/]+)/artifacts/(.+)");
    /** The prefixes {@link #parse} understands. */
    public static final java.util.List<String> PREFIXES = java.util.List.of("azureml://jobs/", "jobs:/", "runs:/",
            "mlflow-artifacts:/");
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Parses either form; a 400 naming the expected forms otherwise. */
    public static JobReference parse(String reference) {
        if (reference != null) {
            Matcher m = AZURE.matcher(reference);
            for (Pattern other : new Pattern[] {SHORT, RUNS, MLFLOW_ARTIFACTS}) {
                if (!m.matches()) {
                    m = other.matcher(reference);
                }
            }
            if (m.matches() && JOB_NAME.matcher(m.group(1)).matches()) {
                String path = m.group(2);
                while (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                return new JobReference(m.group(1), UploadPaths.normalize(path));
            }
        }
        throw new InvalidInputException("source", "source " + SafeText.quote(reference, 120) + " is not a job "
                + "reference; use azureml://jobs/<job>/outputs/artifacts/paths/<path>, jobs:/<job>/<path>, runs:/<run>/<path> "
                + "or mlflow-artifacts:/<experiment>/<run>/artifacts/<path>");
    }

    /** The Azure ML form of this reference. */
    public String toAzureMl() {
        return "azureml://jobs/" + job + "/outputs/artifacts/paths/" + path + "/";
    }
}
