package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.EnvironmentBuildInfo;
import dev.modelyard.jobs.EnvironmentBuildStatus;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The build rows, each change in its own transaction (builds run on their own threads, outside any request). */
@Component
public class EnvironmentBuildStore {

    private final EnvironmentBuildRepository builds;
    private final EnvironmentUseRepository uses;
    private final EnvironmentRepository environments;
    private final Clock clock;

    EnvironmentBuildStore(EnvironmentBuildRepository builds, EnvironmentUseRepository uses,
                          EnvironmentRepository environments, Clock clock) {
        this.builds = builds;
        this.uses = uses;
        this.environments = environments;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<EnvironmentBuildInfo> current(String hash) {
        return builds.findCurrent(hash).map(EnvironmentBuild::info);
    }

    @Transactional(readOnly = true)
    public Map<String, EnvironmentBuildInfo> current(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Map.of();
        }
        return builds.findCurrent(hashes).stream().map(EnvironmentBuild::info)
                .collect(Collectors.toMap(EnvironmentBuildInfo::hash, Function.identity()));
    }

    @Transactional(readOnly = true)
    public Optional<EnvironmentBuildInfo> byId(long id) {
        return builds.findById(id).map(EnvironmentBuild::info);
    }

    @Transactional(readOnly = true)
    public Optional<String> freeze(long buildId) {
        return builds.findById(buildId).map(EnvironmentBuild::freezeText);
    }

    @Transactional
    public EnvironmentBuildInfo start(String hash) {
        return builds.save(new EnvironmentBuild(hash, clock.instant())).info();
    }

    @Transactional
    public EnvironmentBuildInfo ready(long id, String freeze, long size) {
        EnvironmentBuild build = builds.findById(id).orElseThrow();
        build.ready(freeze, size, clock.instant());
        return build.info();
    }

    @Transactional
    public EnvironmentBuildInfo failed(long id, String error) {
        EnvironmentBuild build = builds.findById(id).orElseThrow();
        build.failed(error, clock.instant());
        return build.info();
    }

    @Transactional
    public void removed(long id, String reason) {
        builds.findById(id).orElseThrow().removed(reason, clock.instant());
    }

    /** Records the build a job runs in (its hold on it while it runs) and that the build was just used. */
    @Transactional
    public void recordUse(long jobId, long environmentId, long buildId) {
        if (!uses.existsById(jobId)) {
            uses.save(new EnvironmentUse(jobId, environmentId, buildId, clock.instant()));
        }
        builds.findById(buildId).orElseThrow().used(clock.instant());
    }

    @Transactional(readOnly = true)
    public List<EnvironmentBuildInfo> evictable() {
        return builds.findEvictable().stream().map(EnvironmentBuild::info).toList();
    }

    @Transactional(readOnly = true)
    public long holders(long buildId) {
        return builds.countHolders(buildId);
    }

    @Transactional(readOnly = true)
    public long diskUsed() {
        return builds.diskUsed();
    }

    @Transactional(readOnly = true)
    public List<EnvironmentBuildInfo> withStatus(EnvironmentBuildStatus status) {
        return builds.findByStatus(status).stream().map(EnvironmentBuild::info).toList();
    }

    /** The definition JSON of some environment version with this hash (any workspace), to build it from. */
    @Transactional(readOnly = true)
    public Optional<String> definitionOf(String hash) {
        return environments.findFirstByBuildHash(hash).map(EnvironmentAsset::definitionJson);
    }

    /** Jobs that ran in an environment version: name → status wire name, newest first. */
    @Transactional(readOnly = true)
    public List<Object[]> jobsOf(long environmentId) {
        return uses.jobsOf(environmentId);
    }

    /** The environment id and build id a job ran with. */
    @Transactional(readOnly = true)
    public Optional<long[]> useOf(String jobName) {
        return uses.findByJobName(jobName).map(u -> new long[] {u.environmentId(), u.buildId()});
    }
}
