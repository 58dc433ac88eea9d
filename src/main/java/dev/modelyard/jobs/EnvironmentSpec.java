package dev.modelyard.jobs;

import java.util.List;
import java.util.Map;

/**
 * What an environment provides to a job.
 *
 * @param interpreter the main program (e.g. /usr/bin/python3)
 * @param aliases     command names that mean the interpreter (e.g. python, python3)
 * @param path        folders searched for other programs, in order; also the job's PATH
 * @param variables   environment variables every job in it gets
 * @param packages    Python modules it is expected to provide (import names), checked by the environment check
 */
public record EnvironmentSpec(String interpreter, List<String> aliases, List<String> path,
                              Map<String, String> variables, List<String> packages) {

    public EnvironmentSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        path = path == null ? List.of() : List.copyOf(path);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
