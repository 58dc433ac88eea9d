package dev.modelyard.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.audit.AuditService;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.envspec.EnvironmentDefinition;
import dev.modelyard.jobs.envspec.SpecException;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.jobs.internal.EnvironmentAsset;
import dev.modelyard.jobs.internal.EnvironmentBuildStore;
import dev.modelyard.jobs.internal.EnvironmentBuilds;
import dev.modelyard.jobs.internal.EnvironmentLayout;
import dev.modelyard.jobs.internal.EnvironmentRepository;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Environments built from a spec (issue 15): creating versions, their builds (log, package list, rebuild, delete),
 * the jobs that ran in them, and the wait of a job for its environment. Decision: docs/decisions/023-built-environments.md.
 */
@Service
public class EnvironmentBuildService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final EnvironmentService environments;
    private final EnvironmentRepository assets;
    private final EnvironmentBuildStore store;
    private final EnvironmentBuilds builds;
    private final EnvironmentLayout layout;
    private final HostInterpreters interpreters;
    private final TransactionTemplate transactions;
    private final AuditService audit;
    private final ObjectMapper json;
    private final Clock clock;

    EnvironmentBuildService(EnvironmentService environments, EnvironmentRepository assets, EnvironmentBuildStore store,
                            EnvironmentBuilds builds, EnvironmentLayout layout, HostInterpreters interpreters,
                            TransactionTemplate transactions, AuditService audit, ObjectMapper json, Clock clock) {
        this.environments = environments;
        this.assets = assets;
        this.store = store;
        this.builds = builds;
        this.layout = layout;
        this.interpreters = interpreters;
        this.transactions = transactions;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The base interpreters a spec may name, with their versions, e.g. "/usr/bin/python3 (Python 3.11.2)". */
    @PreAuthorize("@ws.has('READER')")
    public List<String> interpreters() {
        return interpreters.allowed().stream().map(Path::toString).toList();
    }

    /**
     * Creates the next version of {@code name} from a spec and starts its build in the background (or reuses the
     * build of an identical spec). A spec identical to an existing version of the same name is refused with 409
     * naming that version: nothing is created and nothing is built twice.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public EnvironmentDetails create(CreateEnvironmentCommand command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "an environment name is 1–100 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, not " + SafeText.quote(name, 100));
        }
        if (EnvironmentService.curated().containsKey(name)) {
            throw new InvalidInputException("name", name + " is one of the host environments; choose another name");
        }
        if (command.description() != null && command.description().length() > 2000) {
            throw new InvalidInputException("description", "a description is at most 2000 characters");
        }
        EnvironmentDefinition definition;
        try {
            String condaPython = EnvironmentDefinition.condaPython(command.conda());
            Map.Entry<Path, String> base = interpreters.choose(command.interpreter(), condaPython);
            definition = EnvironmentDefinition.of(base.getKey().toString(), base.getValue(), command.requirements(),
                    command.conda(), command.variables());
        } catch (SpecException e) {
            throw new InvalidInputException(e.field(), e.getMessage());
        }
        long workspace = CurrentWorkspace.id();
        String hash = definition.buildHash();
        EnvironmentDetails created;
        try {
            created = createVersion(command, name, workspace, hash, definition);
        } catch (org.springframework.dao.DataIntegrityViolationException race) {
            throw new ConflictException("another version of " + name + " was created at the same moment; try again");
        }
        builds.ensure(hash, definition, false);
        return environments.resolve(created.reference());
    }

    private EnvironmentDetails createVersion(CreateEnvironmentCommand command, String name, long workspace, String hash,
                                             EnvironmentDefinition definition) {
        return transactions.execute(tx -> {
            var latest = assets.findLatest(workspace, name);
            if (latest.isPresent() && latest.get().buildHash() == null) {
                throw new InvalidInputException("name", name + " is a host environment; choose another name");
            }
            for (EnvironmentAsset existing : assets.findAllOrdered(workspace)) {
                if (existing.name().equals(name) && hash.equals(existing.buildHash())
                        && definition.sameAs(read(existing.definitionJson()))) {
                    throw new ConflictException(name + ":" + existing.version() + " already has exactly this spec"
                            + " (same interpreter, requirements and variables); use " + name + ":" + existing.version()
                            + " or " + name + "@latest. Nothing was created.");
                }
            }
            int version = latest.map(a -> a.version() + 1).orElse(1);
            EnvironmentSpec runtime = EnvironmentService.runtimeSpec(layout.venv(hash), definition);
            EnvironmentAsset asset = new EnvironmentAsset(workspace, name, version, blankToNull(command.description()),
                    write(runtime), CurrentUsername.get(), clock.instant()).built(write(definition), hash);
            assets.saveAndFlush(asset);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("interpreter", definition.interpreter());
            after.put("requirements", definition.requirements());
            after.put("variables", definition.variables().keySet());
            after.put("buildHash", hash);
            audit.record("environment.created", target(name, version), null, after);
            return environments.resolve(name + ":" + version);
        });
    }

    /** The current build's log (live while it builds); empty when it has none. */
    @PreAuthorize("@ws.has('READER')")
    public LogReader.LogChunk log(String reference, long offset, int maxBytes) {
        EnvironmentDetails env = builtVersion(reference);
        if (env.build() == null) {
            return new LogReader.LogChunk(new byte[0], offset);
        }
        Path log = layout.log(env.build().id());
        return Files.exists(log) ? LogReader.read(log, offset, maxBytes) : new LogReader.LogChunk(new byte[0], offset);
    }

    /** The exact package list of the current build ({@code pip freeze} when it finished). */
    @PreAuthorize("@ws.has('READER')")
    public String freeze(String reference) {
        EnvironmentDetails env = builtVersion(reference);
        if (env.build() == null || env.build().status() != EnvironmentBuildStatus.READY) {
            throw new NotFoundException(env.reference() + " has no finished build; it is " + env.status().wireName());
        }
        return store.freeze(env.build().id()).orElse("");
    }

    /** Builds the version again from its spec (after a failure, or to pick up new releases of unpinned packages). */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public EnvironmentDetails rebuild(String reference) {
        EnvironmentDetails env = builtVersion(reference);
        String hash = hashOf(env);
        EnvironmentBuildInfo before = env.build();
        builds.rebuild(hash, env.definition(), "replaced by a rebuild of " + env.reference() + " by "
                + CurrentUsername.get());
        audit.record("environment.rebuilt", target(env.name(), env.version()),
                before == null ? null : Map.of("status", before.status().wireName()), Map.of("status", "Building"));
        return environments.resolve(env.reference());
    }

    /** Removes the build from disk (the spec stays; the next job naming it builds it again). Refused while a job holds it. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public EnvironmentDetails deleteBuild(String reference) {
        EnvironmentDetails env = builtVersion(reference);
        if (env.build() == null || env.build().status() == EnvironmentBuildStatus.REMOVED) {
            return env;
        }
        builds.remove(hashOf(env), "deleted by " + CurrentUsername.get() + " (" + env.reference() + ")");
        audit.record("environment.build.deleted", target(env.name(), env.version()),
                Map.of("status", env.build().status().wireName(), "sizeBytes", String.valueOf(env.build().sizeBytes())),
                Map.of("status", EnvironmentBuildStatus.REMOVED.wireName()));
        return environments.resolve(env.reference());
    }

    /** Jobs that ran (or run) in this version, newest first. */
    @PreAuthorize("@ws.has('READER')")
    public List<EnvironmentJob> jobs(String reference) {
        EnvironmentDetails env = environments.resolve(reference);
        EnvironmentAsset asset = asset(env);
        return store.jobsOf(asset.id()).stream()
                .map(row -> new EnvironmentJob((String) row[0], (JobStatus) row[1])).toList();
    }

    /** Disk used by all builds, and the cap past which unused ones are evicted. */
    @PreAuthorize("@ws.has('READER')")
    public DiskUsage disk() {
        return new DiskUsage(store.diskUsed(), builds.capBytes());
    }

    /** The environment version and package list a job ran with; empty for a job in a host environment. */
    @PreAuthorize("@ws.has('READER')")
    public java.util.Optional<JobEnvironment> ofJob(String jobName) {
        return store.useOf(jobName).flatMap(use -> assets.findInWorkspace(CurrentWorkspace.id(), use[0])
                .map(asset -> new JobEnvironment(asset.name() + ":" + asset.version(), use[1],
                        store.freeze(use[1]).orElse(null))));
    }

    /**
     * For the job runner: returns at once for a host environment; for a built one, waits until its build is Ready
     * (starting it if it is not built), records the job's hold on it, and returns it. A failed build throws
     * {@link InvalidInputException} with the build's error, which fails the job. Stops waiting (returning the
     * environment unheld) as soon as {@code stillWanted} turns false, e.g. the job was canceled meanwhile.
     */
    public EnvironmentDetails awaitReady(long workspaceId, long jobId, EnvironmentDetails env, Consumer<String> note,
                                         java.util.function.BooleanSupplier stillWanted) throws InterruptedException {
        if (!env.built()) {
            return env;
        }
        EnvironmentAsset asset = assets.findOne(workspaceId, env.name(), env.version()).orElseThrow();
        EnvironmentBuildInfo build = builds.awaitReady(asset.buildHash(), env.definition(), jobId, asset.id(),
                () -> note.accept("Modelyard: waiting for environment " + env.reference() + " to finish building"),
                stillWanted);
        if (build == null) {
            return env; // no longer wanted: the runner sees the job's new status and ends it
        }
        if (build.status() != EnvironmentBuildStatus.READY) {
            // a job's status reason holds 2000 characters; the build page has the whole error and log
            String error = build.error() == null ? "see its build log" : build.error();
            throw new InvalidInputException("environment", "environment " + env.reference() + " failed to build: "
                    + (error.length() > 1500 ? error.substring(0, 1500) + "… (the rest is on its build page)" : error));
        }
        note.accept("Modelyard: environment " + env.reference() + " is ready (build " + build.id() + ")");
        return env;
    }

    private EnvironmentDetails builtVersion(String reference) {
        EnvironmentDetails env = environments.resolve(reference);
        if (!env.built()) {
            throw new InvalidInputException("environment", env.reference() + " is provided by the host: it has no"
                    + " build");
        }
        return env;
    }

    private EnvironmentAsset asset(EnvironmentDetails env) {
        return assets.findOne(CurrentWorkspace.id(), env.name(), env.version()).orElseThrow();
    }

    private String hashOf(EnvironmentDetails env) {
        return asset(env).buildHash();
    }

    private static String target(String name, int version) {
        return "environment:" + name + "/" + version;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EnvironmentDefinition read(String text) {
        try {
            return json.readValue(text, EnvironmentDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored environment definition is unreadable", e);
        }
    }

    /** A job that ran in an environment version. */
    public record EnvironmentJob(String name, JobStatus status) {
    }

    /** Bytes used by all builds on disk, and the configured cap. */
    public record DiskUsage(long usedBytes, long capBytes) {
    }

    /** The environment version a job ran in and the exact packages of its build. */
    public record JobEnvironment(String environment, long buildId, String packages) {
    }
}
