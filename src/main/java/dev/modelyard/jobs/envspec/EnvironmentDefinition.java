package dev.modelyard.jobs.envspec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a built environment version is made from, checked and in normal form.
 *
 * @param interpreter      the host's base interpreter the virtualenv is made with (one the operator allows)
 * @param pythonVersion    that interpreter's full version, e.g. 3.11.2 (part of the build key: a new Python rebuilds)
 * @param requirements     every requirement in normal form: requirements text and conda pip: section, merged, sorted
 * @param requirementsText the requirements as the user gave them (shown back, never given to pip)
 * @param condaText        the conda.yaml as given, or null
 * @param variables        environment variables every job in it gets
 */
public record EnvironmentDefinition(String interpreter, String pythonVersion, List<String> requirements,
                                    String requirementsText, String condaText, Map<String, String> variables) {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    public EnvironmentDefinition {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        variables = variables == null ? Map.of() : Map.copyOf(new TreeMap<>(variables));
    }

    /** Merges and checks the user's texts; the interpreter and its version are the caller's (checked on the host). */
    public static EnvironmentDefinition of(String interpreter, String pythonVersion, String requirementsText,
                                           String condaText, Map<String, String> variables) {
        List<String> fromText = Requirements.parse(requirementsText, "requirements", "requirements");
        CondaFile conda = CondaFile.parse(condaText);
        TreeSet<String> all = new TreeSet<>(fromText);
        all.addAll(conda.pip());
        if (all.size() > Requirements.MAX_LINES) {
            throw new SpecException("requirements", "more than " + Requirements.MAX_LINES + " requirements");
        }
        checkVariables(variables == null ? Map.of() : variables);
        return new EnvironmentDefinition(interpreter, pythonVersion, List.copyOf(all),
                requirementsText == null || requirementsText.isBlank() ? null : requirementsText,
                condaText == null || condaText.isBlank() ? null : condaText, variables);
    }

    /** The python version a conda text asks for (major.minor), or null: read before the interpreter is chosen. */
    public static String condaPython(String condaText) {
        return CondaFile.parse(condaText).pythonVersion();
    }

    /**
     * The build key: SHA-256 over the interpreter, its version and the normalised requirements. Variables and the
     * description do not change what is installed, so versions that differ only there share one build.
     */
    public String buildHash() {
        StringBuilder key = new StringBuilder("modelyard-venv-1\n").append(interpreter).append('\n')
                .append(pythonVersion).append('\n');
        requirements.forEach(r -> key.append(r).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The requirements file pip reads: only lines that passed {@link Requirements}. */
    public String requirementsFile() {
        return requirements.isEmpty() ? "" : String.join("\n", requirements) + "\n";
    }

    /** Same build and same variables: a new version would change nothing. */
    public boolean sameAs(EnvironmentDefinition other) {
        return other != null && buildHash().equals(other.buildHash()) && variables.equals(other.variables);
    }

    private static void checkVariables(Map<String, String> variables) {
        if (variables.size() > 100) {
            throw new SpecException("variables", "at most 100 variables");
        }
        variables.forEach((k, v) -> {
            if (k == null || !VARIABLE.matcher(k).matches() || k.startsWith("MODELYARD_") || k.equals("PATH")
                    || k.equals("HOME") || k.equals("VIRTUAL_ENV") || k.startsWith("PIP_")) {
                throw new SpecException("variables", "variable name " + Requirements.quote(String.valueOf(k))
                        + " is not allowed: use letters, digits and '_'; PATH, HOME, VIRTUAL_ENV, PIP_* and"
                        + " MODELYARD_* are set by Modelyard");
            }
            if (v == null || v.length() > 5000 || v.chars().anyMatch(c -> c == 0)) {
                throw new SpecException("variables", "variable " + k + " needs a value of at most 5000 characters");
            }
        });
    }
}
