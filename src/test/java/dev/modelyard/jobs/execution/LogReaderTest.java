package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.jobs.execution.LogReader.LogChunk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogReaderTest {

    private static final int CHUNK = 100;

    @TempDir
    Path dir;

    @Test
    void reads_at_most_max_bytes_and_never_past_the_end() throws Exception {
        Path log = Files.writeString(dir.resolve("job.log"), "hello world");

        assertThat(text(LogReader.read(log, 0, 5))).isEqualTo("hello");
        assertThat(LogReader.read(log, 0, 5).nextOffset()).isEqualTo(5);
        assertThat(text(LogReader.read(log, 5, 100))).isEqualTo(" world");
        assertThat(LogReader.read(log, 5, 100).nextOffset()).isEqualTo(11);
        assertThat(LogReader.read(log, 11, 100)).satisfies(chunk -> {
            assertThat(chunk.bytes()).isEmpty();
            assertThat(chunk.nextOffset()).isEqualTo(11);
        });
        assertThat(LogReader.read(log, 500, 100).nextOffset()).isEqualTo(500);
    }

    @Test
    void a_log_not_created_yet_reads_as_empty() {
        LogChunk chunk = LogReader.read(dir.resolve("not-yet.log"), 0, 100);

        assertThat(chunk.bytes()).isEmpty();
        assertThat(chunk.nextOffset()).isZero();
    }

    @Test
    void following_a_growing_log_collects_everything_exactly_once() throws Exception {
        Path log = dir.resolve("job.log");
        String script = """
                import sys, time
                for i in range(300):
                    print("step", i, flush=True)
                    time.sleep(0.002)
                """;
        RunningProcess running = new LocalProcessRunner().start(
                new ProcessSpec(List.of("/usr/bin/python3", "-c", script), dir, Map.of(), null, Duration.ofSeconds(1)),
                log);

        var collected = new ByteArrayOutputStream();
        long offset = 0;
        int chunksWhileRunning = 0;
        while (true) {
            boolean ended = !running.isAlive(); // checked before reading, so the last read sees every byte
            LogChunk chunk = LogReader.read(log, offset, CHUNK);
            assertThat(chunk.bytes().length).isLessThanOrEqualTo(CHUNK);
            assertThat(chunk.nextOffset()).isEqualTo(offset + chunk.bytes().length);
            collected.write(chunk.bytes());
            offset = chunk.nextOffset();
            if (chunk.bytes().length == 0) {
                if (ended) {
                    break;
                }
                Thread.sleep(5); // polling the file the process appends to: there is nothing else to wait on
            } else if (!ended) {
                chunksWhileRunning++;
            }
        }

        String expected = IntStream.range(0, 300).mapToObj(i -> "step " + i + "\n").collect(Collectors.joining());
        assertThat(collected.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(Files.readString(log)).isEqualTo(expected);
        assertThat(chunksWhileRunning).isGreaterThan(1);
        assertThat(running.await().exitCode()).isZero();
    }

    private static String text(LogChunk chunk) {
        return new String(chunk.bytes(), StandardCharsets.UTF_8);
    }
}
