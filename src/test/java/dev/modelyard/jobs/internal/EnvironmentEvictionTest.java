package dev.modelyard.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.jobs.EnvironmentBuildInfo;
import dev.modelyard.jobs.EnvironmentBuildStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which builds go when the disk cap is passed: least recently used first, never the new one or one rebuilding. */
class EnvironmentEvictionTest {

    private static EnvironmentBuildInfo build(long id, String hash, long size) {
        return new EnvironmentBuildInfo(id, hash, EnvironmentBuildStatus.READY, null, size, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(id), null);
    }

    @Test
    void the_least_recently_used_go_until_the_total_fits() {
        var lru = List.of(build(1, "a", 100), build(2, "b", 300), build(3, "c", 200), build(4, "d", 50));

        assertThat(EnvironmentBuilds.evictions(lru, 650, 1000, 99, Set.of())).isEmpty();
        assertThat(EnvironmentBuilds.evictions(lru, 650, 500, 99, Set.of())).extracting(EnvironmentBuildInfo::id)
                .containsExactly(1L, 2L);
        assertThat(EnvironmentBuilds.evictions(lru, 650, 0, 99, Set.of())).hasSize(4);
    }

    @Test
    void the_build_just_finished_and_one_being_rebuilt_are_spared() {
        var lru = List.of(build(1, "a", 100), build(2, "b", 300), build(3, "c", 200));

        assertThat(EnvironmentBuilds.evictions(lru, 600, 250, 1, Set.of("b"))).extracting(EnvironmentBuildInfo::id)
                .containsExactly(3L);
    }
}
