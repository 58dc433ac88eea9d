package dev.modelyard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.TestUsers;
import dev.modelyard.jobs.internal.EnvironmentBuildStore;
import dev.modelyard.jobs.internal.EnvironmentBuilds;
import dev.modelyard.security.AppRole;
import dev.modelyard.support.PostgresIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/** V070 and the environment builds' queries (current build per hash, holders, eviction order) on PostgreSQL. */
@PostgresIntegrationTest
@Timeout(300)
class PostgresEnvironmentTest {

    @Autowired
    EnvironmentBuildService builds;
    @Autowired
    EnvironmentService environments;
    @Autowired
    EnvironmentBuilds coordinator;
    @Autowired
    EnvironmentBuildStore store;

    private static <T> T as(AppRole role, Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs("pg-envy", role, () -> out.set(action.get()));
        return out.get();
    }

    @Test
    void a_spec_is_built_and_listed_and_its_build_is_evictable_once_unheld() throws Exception {
        EnvironmentDetails env = as(AppRole.CONTRIBUTOR, () -> builds.create(new CreateEnvironmentCommand("pg-env", null,
                null, "", null, Map.of("A", "1"))));
        EnvironmentBuildInfo ended = coordinator.ensure(env.build().hash(), env.definition(), false)
                .get(4, TimeUnit.MINUTES);

        assertThat(ended.status()).isEqualTo(EnvironmentBuildStatus.READY);
        List<EnvironmentDetails> listed = as(AppRole.READER, () -> environments.list());
        assertThat(listed).filteredOn(e -> e.name().equals("pg-env")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(EnvironmentBuildStatus.READY));
        assertThat(store.current(Set.of(env.build().hash()))).containsKey(env.build().hash());
        assertThat(store.holders(ended.id())).isZero();
        assertThat(store.evictable()).extracting(EnvironmentBuildInfo::id).contains(ended.id());
        assertThat(store.diskUsed()).isPositive();
        assertThat(as(AppRole.READER, () -> builds.jobs(env.reference()))).isEmpty();
    }
}
