package dev.modelyard.jobs.execution;

import dev.modelyard.base.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Starts job processes on this host. Output goes straight from the child to the log file (the kernel appends it;
 * no Java thread copies bytes), and every timeout and kill-grace timer of every process shares one daemon thread.
 */
public final class LocalProcessRunner {

    private static final ScheduledExecutorService TIMERS = timers();

    /**
     * Starts the process with stdout and stderr merged and appended to {@code logFile} (created if absent); never
     * blocks on output. A program that cannot be started does not throw: the result's {@link RunningProcess#await()}
     * reports FAILED_TO_START, and the same message is appended to the log. Throws UncheckedIOException only if
     * the log file itself cannot be created or written.
     */
    public RunningProcess start(ProcessSpec spec, Path logFile) {
        append(logFile, "");
        String program = SafeText.quote(String.valueOf(Path.of(spec.argv().get(0)).getFileName()));
        if (!Files.isDirectory(spec.workDir())) {
            return failed(logFile, "could not start " + program + ": its working directory does not exist");
        }
        List<String> argv = spec.argv();
        if (spec.runAs() != null) {
            argv = new ArrayList<>(spec.runAs().commandPrefix());
            argv.addAll(spec.argv());
        }
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(spec.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return failed(logFile, "could not start " + program + ": " + reason(e));
        }
        closeStdin(process);
        return RunningProcess.started(process, spec, TIMERS);
    }

    private static RunningProcess failed(Path logFile, String message) {
        append(logFile, message + "\n");
        return RunningProcess.failedToStart(message);
    }

    /** The operating system's reason, without Java's "Cannot run program … (in directory …)" and its paths. */
    private static String reason(IOException e) {
        Throwable cause = e.getCause();
        String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : "unknown error";
        return detail.replaceFirst("^error=\\d+, ", "");
    }

    /** A job has no input: a process that reads stdin gets end-of-file instead of waiting for ever. */
    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process may already have exited; nothing was written, so nothing is lost
        }
    }

    private static void append(Path logFile, String text) {
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job log " + logFile, e);
        }
    }

    private static ScheduledExecutorService timers() {
        var executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "modelyard-process-timers");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
