package dev.modelyard.azureml;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the references a job PUT carries (environmentId, computeId, codeId) into Modelyard names. */
final class AzureReferences {

    static final String CURATED_SKLEARN = "AzureML-sklearn-0.24-ubuntu18.04-py37-cpu";
    private static final Pattern ARM_ENV = Pattern.compile(".*/environments/([^/]+)/versions/([^/]+)");
    private static final Pattern REGISTRY_ENV = Pattern.compile("azureml://registries/[^/]+/environments/([^/]+)"
            + "(?:/versions/([^/]+)|/labels/latest)?");
    private static final Pattern COMPUTE = Pattern.compile("(?:.*/computes/)?([A-Za-z0-9-]{1,64})");
    private static final Pattern CODE = Pattern.compile(".*/codes/([^/]+)/versions/([^/]+)");

    private AzureReferences() {
    }

    /** {@code azureml:name@latest}, {@code name:version}, an ARM id or a registry URI → Modelyard's name@latest / name:version. */
    static String environment(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidInputException("environmentId", "a job needs an environment, e.g. azureml:"
                    + CURATED_SKLEARN + "@latest");
        }
        String r = reference.strip();
        Matcher arm = ARM_ENV.matcher(r);
        if (arm.matches()) {
            return arm.group(1) + ":" + arm.group(2);
        }
        Matcher registry = REGISTRY_ENV.matcher(r);
        if (registry.matches()) {
            return registry.group(2) == null ? registry.group(1) + "@latest" : registry.group(1) + ":" + registry.group(2);
        }
        if (r.startsWith("azureml:")) {
            r = r.substring("azureml:".length());
        }
        return r;
    }

    /** {@code {ws}/computes/aml-cluster} or {@code aml-cluster} → {@code aml-cluster}; null → local. */
    static String compute(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        Matcher m = COMPUTE.matcher(reference.strip());
        if (!m.matches()) {
            throw new InvalidInputException("computeId", "compute " + SafeText.quote(reference, 120) + " is not a compute "
                    + "name or a workspace's compute id");
        }
        return m.group(1);
    }

    /** {@code {ws}/codes/<name>/versions/<v>} → [name, version]. */
    static String[] code(String reference) {
        Matcher m = reference == null ? null : CODE.matcher(reference.strip());
        if (m == null || !m.matches()) {
            throw new InvalidInputException("codeId", "a command job needs code: codeId is a code version's id "
                    + "(…/codes/<name>/versions/<version>)");
        }
        return new String[]{m.group(1), m.group(2)};
    }
}
