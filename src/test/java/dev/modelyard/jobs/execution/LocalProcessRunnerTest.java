package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.jobs.execution.ProcessOutcome.Reason;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real processes (/bin/sh, /usr/bin/python3); the shell scripts are ours, never a job's command. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalProcessRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final LocalProcessRunner runner = new LocalProcessRunner();

    @Test
    void a_command_that_succeeds_exits_with_0_and_its_output_is_in_the_log() throws Exception {
        ProcessOutcome outcome = run(spec("/bin/sh", "-c", "echo hello"));

        assertThat(outcome).isEqualTo(new ProcessOutcome(0, Reason.EXITED, "exited with code 0"));
        assertThat(log()).isEqualTo("hello\n");
    }

    @Test
    void a_command_that_fails_has_its_exit_code_recorded() throws Exception {
        ProcessOutcome outcome = run(spec("/bin/sh", "-c", "exit 3"));

        assertThat(outcome).isEqualTo(new ProcessOutcome(3, Reason.EXITED, "exited with code 3"));
    }

    @Test
    void stdout_and_stderr_both_land_in_the_log_in_the_order_written() throws Exception {
        run(spec("/bin/sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"));

        assertThat(log()).isEqualTo("out1\nerr1\nout2\nerr2\n");
    }

    @Test
    void output_is_appended_to_an_existing_log() throws Exception {
        Files.writeString(logFile(), "earlier attempt\n");

        run(spec("/bin/sh", "-c", "echo again"));

        assertThat(log()).isEqualTo("earlier attempt\nagain\n");
    }

    @Test
    void ten_megabytes_of_output_arrive_complete_in_the_log() throws Exception {
        // 104,858 lines of 100 bytes: just over 10 MiB, written by the kernel straight into the file
        String script = """
                import sys
                for i in range(104858):
                    sys.stdout.write("line %07d " % i + "x" * 86 + "\\n")
                """;

        ProcessOutcome outcome = run(spec("/usr/bin/python3", "-c", script));

        assertThat(outcome.exitCode()).isZero();
        assertThat(Files.size(logFile())).isEqualTo(104858L * 100).isGreaterThanOrEqualTo(10L * 1024 * 1024);
        try (BufferedReader lines = Files.newBufferedReader(logFile(), StandardCharsets.US_ASCII)) {
            String first = lines.readLine();
            assertThat(first).isEqualTo("line 0000000 " + "x".repeat(86));
            String line;
            long count = 1;
            String last = first;
            while ((line = lines.readLine()) != null) {
                count++;
                last = line;
            }
            assertThat(count).isEqualTo(104858);
            assertThat(last).startsWith("line 0104857 ").hasSize(99);
        }
    }

    @Test
    void a_timeout_stops_a_long_running_process_within_timeout_and_grace() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        Duration grace = Duration.ofSeconds(3);
        long start = System.nanoTime();

        ProcessOutcome outcome = run(new ProcessSpec(List.of("/bin/sleep", "60"), dir, Map.of(), timeout, grace));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plus(grace));
        assertThat(outcome).isEqualTo(new ProcessOutcome(143, Reason.TIMED_OUT,
                "stopped at its time limit of 300ms (exit code 143)"));
    }

    @Test
    void canceling_a_sleeping_process_ends_it_within_5_seconds() throws Exception {
        RunningProcess running = runner.start(
                new ProcessSpec(List.of("/bin/sleep", "60"), dir, Map.of(), null, Duration.ofSeconds(30)), logFile());
        assertThat(running.isAlive()).isTrue();
        long start = System.nanoTime();

        running.cancel();
        ProcessOutcome outcome = running.await();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(outcome).isEqualTo(new ProcessOutcome(143, Reason.CANCELED, "canceled (exit code 143)"));
        assertThat(running.isAlive()).isFalse();
    }

    @Test
    void a_script_that_traps_sigterm_and_keeps_running_is_killed_after_the_grace() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        String script = "trap 'echo TERM ignored' TERM; echo ready; while :; do /bin/sleep 0.05; done";
        RunningProcess running = runner.start(
                new ProcessSpec(List.of("/bin/sh", "-c", script), dir, Map.of(), null, grace), logFile());
        Poll.until("the script to be ready", WAIT, () -> log().contains("ready\n"));
        long start = System.nanoTime();

        running.cancel();
        ProcessOutcome outcome = running.await();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(grace, grace.plusSeconds(5));
        assertThat(outcome).isEqualTo(new ProcessOutcome(137, Reason.CANCELED, "canceled (exit code 137)"));
        assertThat(log()).contains("TERM ignored");
    }

    @Test
    void canceling_also_kills_the_processes_the_script_started_even_those_that_ignore_sigterm() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        String script = "/bin/sh -c 'trap \"\" TERM; /bin/sleep 60 & echo $! > grandchild.pid; wait' &"
                + " echo $! > child.pid; /bin/sleep 60 & echo $! > sibling.pid; wait";
        RunningProcess running = runner.start(
                new ProcessSpec(List.of("/bin/sh", "-c", script), dir, Map.of(), null, grace), logFile());
        long child = Long.parseLong(Poll.untilLine(dir.resolve("child.pid"), WAIT));
        long grandchild = Long.parseLong(Poll.untilLine(dir.resolve("grandchild.pid"), WAIT));
        long sibling = Long.parseLong(Poll.untilLine(dir.resolve("sibling.pid"), WAIT));
        assertThat(List.of(child, grandchild, sibling)).allMatch(Poll::isRunning);
        long start = System.nanoTime();

        running.cancel();
        ProcessOutcome outcome = running.await();

        // the script dies of SIGTERM at once; await still waits for the two that ignore it to be SIGKILLed
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(grace);
        assertThat(outcome.reason()).isEqualTo(Reason.CANCELED);
        assertThat(outcome.exitCode()).isEqualTo(143);
        assertThat(List.of(child, grandchild, sibling)).noneMatch(Poll::isRunning);
    }

    @Test
    void cancel_is_idempotent_and_does_nothing_after_the_process_exited() throws Exception {
        RunningProcess running = runner.start(spec("/bin/sh", "-c", "exit 0"), logFile());
        ProcessOutcome outcome = running.await();

        running.cancel();
        running.cancel();

        assertThat(running.await()).isEqualTo(outcome).extracting(ProcessOutcome::reason).isEqualTo(Reason.EXITED);
    }

    @Test
    void a_program_that_does_not_exist_fails_to_start_with_a_message_in_the_log() throws Exception {
        RunningProcess running = runner.start(spec("/nonexistent/bin/no-such-program", "x"), logFile());

        assertThat(running.pid()).isEqualTo(-1);
        assertThat(running.isAlive()).isFalse();
        running.cancel();
        String message = "could not start 'no-such-program': No such file or directory";
        assertThat(running.await()).isEqualTo(new ProcessOutcome(-1, Reason.FAILED_TO_START, message));
        assertThat(log()).isEqualTo(message + "\n");
    }

    @Test
    void a_file_that_is_not_executable_fails_to_start() throws Exception {
        Path script = Files.writeString(dir.resolve("train.py"), "print('hi')\n");

        ProcessOutcome outcome = run(spec(script.toString()));

        assertThat(outcome.reason()).isEqualTo(Reason.FAILED_TO_START);
        assertThat(outcome.message()).isEqualTo("could not start 'train.py': Permission denied");
        assertThat(outcome.message()).doesNotContain(dir.toString());
    }

    @Test
    void a_missing_working_directory_fails_to_start() throws Exception {
        var spec = new ProcessSpec(List.of("/bin/pwd"), dir.resolve("gone"), Map.of(), null, Duration.ofSeconds(1));

        ProcessOutcome outcome = run(spec);

        assertThat(outcome).isEqualTo(new ProcessOutcome(-1, Reason.FAILED_TO_START,
                "could not start 'pwd': its working directory does not exist"));
    }

    @Test
    void the_child_sees_exactly_the_given_environment_and_nothing_inherited() throws Exception {
        var environment = Map.of("MODELYARD_JOB_NAME", "teal_answer", "B", "two words", "EMPTY", "");

        run(new ProcessSpec(List.of("/usr/bin/env"), dir, environment, null, Duration.ofSeconds(1)));

        assertThat(log().lines()).containsExactlyInAnyOrder("MODELYARD_JOB_NAME=teal_answer", "B=two words", "EMPTY=");
    }

    @Test
    void the_working_directory_is_the_given_one() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));

        run(new ProcessSpec(List.of("/bin/pwd"), code, Map.of(), null, Duration.ofSeconds(1)));

        assertThat(log()).isEqualTo(code.toRealPath() + "\n");
    }

    @Test
    void a_process_that_reads_stdin_gets_end_of_file_instead_of_waiting() throws Exception {
        ProcessOutcome outcome = run(spec("/bin/cat"));

        assertThat(outcome.exitCode()).isZero();
        assertThat(log()).isEmpty();
    }

    private ProcessSpec spec(String... argv) {
        return new ProcessSpec(List.of(argv), dir, Map.of(), null, Duration.ofSeconds(2));
    }

    private ProcessOutcome run(ProcessSpec spec) throws InterruptedException {
        return runner.start(spec, logFile()).await();
    }

    private Path logFile() {
        return dir.resolve("job.log");
    }

    private String log() {
        return Poll.read(logFile());
    }
}
