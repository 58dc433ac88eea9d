package dev.modelyard.jobs;

import java.util.List;

/**
 * Whether an environment can run jobs on this host.
 *
 * @param missing what it promises but this host lacks: the interpreter, PATH folders, Python modules
 */
public record EnvironmentCheck(String environment, boolean ready, List<String> missing) {
}
