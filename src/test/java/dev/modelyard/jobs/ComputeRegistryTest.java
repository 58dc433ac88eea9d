package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.modelyard.jobs.internal.StoredComputeTarget;
import dev.modelyard.jobs.internal.StoredComputeTargetRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The registry as a restart sees it: stored targets get executors again, per workspace, by their kind's factory. */
class ComputeRegistryTest {

    static final class Stub implements ComputeExecutor {
        final String name;
        final int slots;
        boolean shutdown;

        Stub(String name, int slots) {
            this.name = name;
            this.slots = slots;
        }

        public String name() { return name; }
        public String kind() { return "stub"; }
        public int slots() { return slots; }
        public void enqueue(String jobName) { }
        public boolean dequeue(String jobName) { return false; }
        public void cancel(String jobName) { }
        public OptionalInt queuePosition(String jobName) { return OptionalInt.empty(); }
        public int running() { return 0; }
        public int queued() { return 0; }
        public void shutdown() { shutdown = true; }
    }

    final List<Stub> made = new ArrayList<>();
    final ComputeExecutorFactory local = new ComputeExecutorFactory() {
        public String kind() { return "local"; }
        public ComputeExecutor create(ComputeTargetDefinition target) {
            Stub s = new Stub(target.name(), target.slots());
            made.add(s);
            return s;
        }
    };

    private static StoredComputeTarget stored(long ws, String name, String kind, int slots) {
        return new StoredComputeTarget(new ComputeTargetDefinition(ws, name, kind, slots, null, null), null, "admin", Instant.EPOCH);
    }

    @Test
    void stored_targets_come_back_in_their_own_workspace_and_built_in_ones_are_everywhere() {
        StoredComputeTargetRepository repository = mock(StoredComputeTargetRepository.class);
        when(repository.findEvery()).thenReturn(List.of(stored(2, "aml-cluster", "local", 3), stored(3, "ray-1", "ray", 1)));
        Stub builtIn = new Stub("local", 4);
        ComputeRegistry registry = new ComputeRegistry(List.of(builtIn), List.of(local), repository);
        registry.runAtStart();

        assertThat(registry.find(2, "aml-cluster")).get().extracting(ComputeExecutor::slots).isEqualTo(3);
        assertThat(registry.find(3, "aml-cluster")).isEmpty();
        // a kind no factory serves here stays stored but has no executor: its jobs wait, nothing fails at start
        assertThat(registry.find(3, "ray-1")).isEmpty();
        assertThat(registry.find(3, "local")).containsSame(builtIn);
        assertThat(registry.all(2)).extracting(ComputeExecutor::name).containsExactly("aml-cluster", "local");
        assertThat(registry.kinds()).containsExactly("local");

        registry.remove(2, "aml-cluster");
        assertThat(made.get(0).shutdown).isTrue();
        assertThat(registry.find(2, "aml-cluster")).isEmpty();
    }
}
