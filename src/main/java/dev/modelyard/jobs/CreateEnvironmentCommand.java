package dev.modelyard.jobs;

import java.util.Map;

/**
 * A new version of an environment built from a spec.
 *
 * @param interpreter  the host's base interpreter (one of modelyard.environments.interpreters); null: the first, or
 *                     the one whose version the conda text asks for
 * @param requirements the text of a requirements.txt
 * @param conda        a conda environment file: only its python version and pip: section are used
 */
public record CreateEnvironmentCommand(String name, String description, String interpreter, String requirements,
                                       String conda, Map<String, String> variables) {
}
