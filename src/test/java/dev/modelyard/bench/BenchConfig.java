package dev.modelyard.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Sizes of the benchmark suite. {@code -Dbench.quick=true} shrinks them for development (and writes the report
 * under target/ instead of docs/, so a quick run never replaces the recorded full one).
 */
final class BenchConfig {

    static final boolean QUICK = Boolean.getBoolean("bench.quick");
    static final long MB = 1024L * 1024;
    static final long GB = 1024 * MB;

    /** The two upload sizes: 1 GB and 5 GB (quick: 100 MB and 200 MB). */
    static final long SMALL_FILE = QUICK ? 100 * MB : GB;
    static final long LARGE_FILE = QUICK ? 200 * MB : 5 * GB;
    /** Timed rounds of the smaller size (each alternates Modelyard and the raw SDK); the larger gets one. */
    static final int SMALL_ROUNDS = 3;

    /** Search data: 1,000,000 versions over 100,000 models (quick: 100,000 over 10,000). */
    static final int SEED_MODELS = QUICK ? 10_000 : 100_000;
    static final int SEED_VERSIONS_PER_MODEL = 10;

    /** Load phases of the registration benchmark. */
    static final int SERIAL_REGISTRATIONS = QUICK ? 100 : 400;
    static final long LOAD_SECONDS = QUICK ? 4 : 10;
    static final int HOT_THREADS = 64;
    static final int HOT_PER_THREAD = QUICK ? 2 : 8;

    /** Idle Vaadin sessions whose heap is measured. */
    static final int SESSIONS = QUICK ? 50 : 200;
    static final int STARTUPS = QUICK ? 1 : 3;

    private BenchConfig() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("bench.projectDir", ".")).toAbsolutePath().normalize();
    }

    /** docs/ for a full run, target/benchmarks/ for a quick one. */
    static Path reportDir() {
        return QUICK ? projectDir().resolve("target/benchmarks") : projectDir().resolve("docs");
    }

    /** Scratch space for the big files; under target/ so `mvn clean` removes whatever a crash leaves. */
    static Path scratchDir() {
        return projectDir().resolve("target/bench-scratch");
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(Locale.ROOT, "%d cores, %.1f GB RAM, %s %s (%s), JVM flags: %s, max heap %d MB",
                rt.availableProcessors(), physical / (double) GB, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name") + " "
                        + System.getProperty("os.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList()),
                rt.maxMemory() / MB);
    }
}
