package dev.modelyard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of processes from {@code /proc} (Linux): user + system time of a process and of its live descendants, and
 * of the whole machine. Clock ticks are taken as 100 per second ({@code getconf CLK_TCK} on Linux x86-64).
 */
final class ProcessCpu {

    private static final double MS_PER_TICK = 10.0;

    private ProcessCpu() {
    }

    /** CPU milliseconds used so far by the process and its live descendants (0 for a process that is gone). */
    static double treeMs(long pid) {
        double total = ownMs(pid);
        try (Stream<ProcessHandle> descendants = ProcessHandle.of(pid).map(ProcessHandle::descendants)
                .orElse(Stream.empty())) {
            total += descendants.mapToDouble(p -> ownMs(p.pid())).sum();
        }
        return total;
    }

    static double ownMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Busy and total CPU milliseconds of the whole machine (all cores) since boot. */
    record Machine(double busyMs, double totalMs) {
        static Machine now() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user … steal; guest time is inside user
                    total += Long.parseLong(cpu[i]);
                }
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
                return new Machine((total - idle) * MS_PER_TICK, total * MS_PER_TICK);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The process whose command line holds {@code args} as consecutive arguments (e.g. "-p", "5433"). */
    static OptionalLong findByArguments(List<String> args) {
        byte[] wanted = ("\0" + String.join("\0", args) + "\0").getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.toList()) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                    if (dev.modelyard.base.Bytes.indexOf(cmdline, wanted) >= 0) {
                        return OptionalLong.of(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return OptionalLong.empty();
    }
}
