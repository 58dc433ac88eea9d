package dev.modelyard.jobs.execution;

import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a command's first word into the absolute program path a {@link ProcessSpec} needs. The lookup is ours,
 * over the environment's own aliases and PATH, never this server's PATH.
 */
public final class ProgramResolver {

    private ProgramResolver() {
    }

    /**
     * Resolves {@code program}: an alias (e.g. "python" → /usr/bin/python3), else an absolute path to an existing
     * executable file, else the first executable match in {@code pathEntries} (absolute directories); a name with
     * '/' in it (./run.sh) is resolved against {@code workDir} and must stay inside it. Anything else throws
     * {@link InvalidInputException} for field "command", naming what the environment does provide.
     */
    public static Path resolve(String program, Map<String, Path> aliases, List<Path> pathEntries, Path workDir) {
        if (program == null || program.isEmpty()) {
            throw new InvalidInputException(CommandLine.FIELD, "the command names no program");
        }
        Path alias = aliases.get(program);
        if (alias != null) {
            return alias;
        }
        if (program.startsWith("/")) {
            return requireExecutable(Path.of(program).normalize(), program);
        }
        if (program.contains("/")) {
            return insideWorkDir(program, workDir);
        }
        for (Path entry : pathEntries) {
            if (!entry.isAbsolute()) {
                throw new IllegalArgumentException("PATH entries must be absolute, got " + entry);
            }
            Path candidate = entry.resolve(program);
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException(CommandLine.FIELD, SafeText.quote(program)
                + " is not a program this environment provides; it has: " + provided(aliases, pathEntries));
    }

    private static Path insideWorkDir(String program, Path workDir) {
        Path root = workDir.toAbsolutePath().normalize();
        Path candidate = root.resolve(program).normalize();
        if (!candidate.startsWith(root) || candidate.equals(root) || !realPathInside(candidate, root)) {
            throw new InvalidInputException(CommandLine.FIELD, SafeText.quote(program)
                    + " points outside the job's code folder; name a file inside it, such as ./run.sh");
        }
        return requireExecutable(candidate, program);
    }

    /** A symlink inside the folder must not lead out of it either. */
    private static boolean realPathInside(Path candidate, Path root) {
        try {
            return !Files.exists(candidate) || candidate.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static Path requireExecutable(Path path, String program) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(CommandLine.FIELD, SafeText.quote(program) + " does not exist");
        }
        if (!isExecutableFile(path)) {
            throw new InvalidInputException(CommandLine.FIELD, SafeText.quote(program)
                    + " is not an executable file; run it with its interpreter (python x.py) or make it executable");
        }
        return path;
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private static String provided(Map<String, Path> aliases, List<Path> pathEntries) {
        var names = new TreeSet<>(aliases.keySet());
        String aliasText = String.join(", ", names);
        if (pathEntries.isEmpty()) {
            return names.isEmpty() ? "no programs" : aliasText;
        }
        String dirs = pathEntries.stream().map(Path::toString).collect(Collectors.joining(", "));
        return (names.isEmpty() ? "" : aliasText + ", and ") + "the programs in " + dirs;
    }
}
