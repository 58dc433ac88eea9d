package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting for a condition the test cannot be told about, such as a line a process writes to a file. */
final class Poll {

    private Poll() {
    }

    static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + limit + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until {@code file} exists and holds a complete line, then returns its text. */
    static String untilLine(Path file, Duration limit) throws InterruptedException {
        until("a line in " + file, limit, () -> read(file).endsWith("\n"));
        return read(file).strip();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException notYet) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a process with this pid still runs; an unreaped zombie has ended. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
