package dev.modelyard.jobs.envspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A conda environment file (as MLflow writes next to a model) read for the two things a virtualenv can honour: the
 * python version ({@code python=3.11}) and the {@code pip:} list. There is no conda solver here, so any other conda
 * package is refused by name rather than silently dropped; {@code pip} itself is provided by the virtualenv, and
 * {@code name}, {@code channels} and {@code prefix} do not change what is installed.
 *
 * @param pythonVersion the major.minor version asked for, or null
 * @param pip           the pip entries, in normal form (see {@link Requirements})
 */
public record CondaFile(String pythonVersion, List<String> pip) {

    public static final String FIELD = "conda";
    private static final Pattern PYTHON = Pattern.compile("python\\s*(?:[=<>~!]=?|==)?\\s*(\\d+)(?:\\.(\\d+))?(?:\\.[0-9*]+)?\\*?");
    private static final Pattern PIP = Pattern.compile("pip(?:\\s*(?:[=<>~!]=?|==).*)?");

    public static CondaFile parse(String text) {
        if (text == null || text.isBlank()) {
            return new CondaFile(null, List.of());
        }
        if (text.length() > Requirements.MAX_CHARS) {
            throw new SpecException(FIELD, "conda.yaml is longer than " + Requirements.MAX_CHARS + " characters");
        }
        Object root = load(text);
        if (!(root instanceof Map<?, ?> map)) {
            throw new SpecException(FIELD, "conda.yaml must be a mapping with a dependencies: list");
        }
        Object deps = map.get("dependencies");
        if (deps == null) {
            return new CondaFile(null, List.of());
        }
        if (!(deps instanceof List<?> list)) {
            throw new SpecException(FIELD, "conda.yaml: dependencies must be a list");
        }
        String python = null;
        List<String> pip = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Object dep : list) {
            if (dep instanceof Map<?, ?> section) {
                for (Map.Entry<?, ?> e : section.entrySet()) {
                    if (!"pip".equals(e.getKey()) || !(e.getValue() instanceof List<?> entries)) {
                        throw new SpecException(FIELD, "conda.yaml: the only section allowed in dependencies is"
                                + " pip: with a list of requirements");
                    }
                    int n = 0;
                    for (Object entry : entries) {
                        n++;
                        String normal = Requirements.line(String.valueOf(entry), "conda.yaml pip: entry " + n, FIELD);
                        if (normal != null) {
                            pip.add(normal);
                        }
                    }
                }
                continue;
            }
            String spec = String.valueOf(dep).strip();
            Matcher py = PYTHON.matcher(spec);
            if (py.matches()) {
                python = py.group(2) == null ? py.group(1) : py.group(1) + "." + py.group(2);
            } else if (spec.equals("python")) {
                continue;
            } else if (!PIP.matcher(spec).matches()) {
                refused.add(spec);
            }
        }
        if (!refused.isEmpty()) {
            throw new SpecException(FIELD, "conda.yaml asks for conda packages " + String.join(", ",
                    refused.stream().map(Requirements::quote).toList()) + ": there is no conda solver on this server;"
                    + " only the python version and the pip: section are used. Move them to the pip: section or to"
                    + " the requirements (e.g. numpy=1.26 becomes numpy==1.26)");
        }
        return new CondaFile(python, List.copyOf(pip));
    }

    private static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(2 * Requirements.MAX_CHARS);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw new SpecException(FIELD, "conda.yaml is not valid YAML: line "
                    + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new SpecException(FIELD, "conda.yaml is refused: " + e.getMessage());
        }
    }
}
