package dev.modelyard.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.jobs.JobsProperties;
import dev.modelyard.jobs.execution.RunningProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The claim of README and decision 006: the local target runs one job per slot (one per core by default) and the
 * rest wait, first in, first out. The runner is replaced by one that blocks until the test releases each job.
 */
@Timeout(30)
class LocalComputeExecutorTest {

    /** A runner that records the order jobs start in and holds each until released. */
    static final class HoldingRunner extends JobRunner {
        final List<String> started = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<String> starts = new LinkedBlockingQueue<>();
        final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();

        HoldingRunner() {
            super(null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        public void run(String name, Consumer<RunningProcess> processStarted) {
            started.add(name);
            starts.add(name);
            try {
                release.computeIfAbsent(name, n -> new CountDownLatch(1)).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String nextStart() throws InterruptedException {
            String name = starts.poll(10, TimeUnit.SECONDS);
            assertThat(name).as("a job should have started").isNotNull();
            return name;
        }

        void finish(String name) {
            release.computeIfAbsent(name, n -> new CountDownLatch(1)).countDown();
        }
    }

    private static JobsProperties slots(int slots) {
        return new JobsProperties(slots, Duration.ofHours(6), Duration.ofDays(7), Duration.ofSeconds(10), null, null);
    }

    @Test
    void one_slot_runs_one_job_and_the_rest_wait_first_in_first_out() throws Exception {
        HoldingRunner runner = new HoldingRunner();
        LocalComputeExecutor local = new LocalComputeExecutor(runner, slots(1));
        try {
            for (String name : List.of("a", "b", "c", "d")) {
                local.enqueue(name);
            }
            assertThat(runner.nextStart()).isEqualTo("a");
            assertThat(local.running()).isEqualTo(1);
            assertThat(local.queued()).isEqualTo(3);
            assertThat(local.queuePosition("b")).hasValue(1);
            assertThat(local.queuePosition("d")).hasValue(3);
            assertThat(runner.starts).as("nothing else runs while the slot is busy").isEmpty();

            assertThat(local.dequeue("c")).isTrue();
            runner.finish("a");
            assertThat(runner.nextStart()).isEqualTo("b");
            assertThat(local.queuePosition("d")).hasValue(1);
            runner.finish("b");
            assertThat(runner.nextStart()).isEqualTo("d");
            runner.finish("d");
            assertThat(runner.started).containsExactly("a", "b", "d");
        } finally {
            local.stop();
        }
    }

    @Test
    void two_slots_run_two_jobs_at_once_and_the_third_waits_its_turn() throws Exception {
        HoldingRunner runner = new HoldingRunner();
        LocalComputeExecutor local = new LocalComputeExecutor(runner, slots(2));
        try {
            for (String name : List.of("a", "b", "c")) {
                local.enqueue(name);
            }
            assertThat(List.of(runner.nextStart(), runner.nextStart())).containsExactlyInAnyOrder("a", "b");
            assertThat(local.running()).isEqualTo(2);
            assertThat(local.queuePosition("c")).hasValue(1);
            runner.finish("b");
            assertThat(runner.nextStart()).isEqualTo("c");
            runner.finish("a");
            runner.finish("c");
        } finally {
            local.stop();
        }
    }

    @Test
    void by_default_there_is_one_slot_per_core() {
        assertThat(slots(0).effectiveLocalSlots()).isEqualTo(Runtime.getRuntime().availableProcessors());
        LocalComputeExecutor local = new LocalComputeExecutor(new HoldingRunner(), slots(0));
        try {
            assertThat(local.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
        } finally {
            local.stop();
        }
    }
}
