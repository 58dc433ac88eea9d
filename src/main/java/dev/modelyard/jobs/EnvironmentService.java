package dev.modelyard.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.envspec.EnvironmentDefinition;
import dev.modelyard.jobs.internal.EnvironmentAsset;
import dev.modelyard.jobs.internal.EnvironmentBuildStore;
import dev.modelyard.jobs.internal.EnvironmentLayout;
import dev.modelyard.jobs.internal.EnvironmentRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceEvents;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Versioned environments: which exist, what each provides, and whether this host can provide it. */
@Service
public class EnvironmentService {

    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,99}");
    /** Prints the modules given as arguments that cannot be imported; a fixed script, never user text. */
    private static final String FIND_MISSING = "import importlib.util, sys\n"
            + "print('\\n'.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))";

    private final EnvironmentRepository environments;
    private final ObjectMapper json;
    private final Clock clock;
    private final EnvironmentBuildStore builds;
    private final EnvironmentLayout layout;

    EnvironmentService(EnvironmentRepository environments, ObjectMapper json, Clock clock, EnvironmentBuildStore builds,
                       EnvironmentLayout layout) {
        this.environments = environments;
        this.json = json;
        this.clock = clock;
        this.builds = builds;
        this.layout = layout;
    }

    /** Every version of every environment of the current workspace, newest versions first. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<EnvironmentDetails> list() {
        List<EnvironmentAsset> all = environments.findAllOrdered(CurrentWorkspace.id());
        Map<String, EnvironmentBuildInfo> current = builds.current(all.stream().map(EnvironmentAsset::buildHash)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet()));
        return all.stream().map(e -> details(e, e.buildHash() == null ? null : current.get(e.buildHash()))).toList();
    }

    /** One version for its readers: {@code name@latest} or {@code name:version}. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public EnvironmentDetails get(String reference) {
        return resolve(reference);
    }

    /** Resolves {@code name@latest} or {@code name:version} in the current workspace; a 400 listing the known ones. */
    @Transactional(readOnly = true)
    public EnvironmentDetails resolve(String reference) {
        return resolveIn(CurrentWorkspace.id(), reference);
    }

    /** Resolves a reference in the given workspace: for the executor, which runs jobs of every workspace. */
    @Transactional(readOnly = true)
    public EnvironmentDetails resolveIn(long workspaceId, String reference) {
        if (reference == null || reference.isBlank()) {
            throw unknown(workspaceId, "an environment is required");
        }
        int at = reference.lastIndexOf('@');
        int colon = reference.lastIndexOf(':');
        if (at > 0 && reference.substring(at + 1).equals("latest")) {
            return environments.findLatest(workspaceId, reference.substring(0, at)).map(this::details)
                    .orElseThrow(() -> unknown(workspaceId, "unknown environment " + SafeText.quote(reference, 80)));
        }
        if (colon > 0) {
            try {
                int version = Integer.parseInt(reference.substring(colon + 1));
                return environments.findOne(workspaceId, reference.substring(0, colon), version).map(this::details)
                        .orElseThrow(() -> unknown(workspaceId, "unknown environment " + SafeText.quote(reference, 80)));
            } catch (NumberFormatException e) {
                throw unknown(workspaceId, "an environment is name@latest or name:version, not " + SafeText.quote(reference, 80));
            }
        }
        throw unknown(workspaceId, "an environment is name@latest or name:version, not " + SafeText.quote(reference, 80));
    }

    /** Whether this host has what the environment promises: interpreter, PATH folders and Python modules. */
    @PreAuthorize("@ws.has('READER')")
    public EnvironmentCheck check(String reference) {
        EnvironmentDetails env = resolve(reference);
        if (env.built() && env.status() != EnvironmentBuildStatus.READY) {
            String state = switch (env.status()) {
                case BUILDING -> "a finished build: it is still building (jobs naming it wait for it)";
                case FAILED -> "a successful build: it failed: " + env.build().error();
                default -> "a build: it is not built now (the next job naming it builds it)";
            };
            return new EnvironmentCheck(env.reference(), false, List.of(state));
        }
        EnvironmentSpec spec = env.spec();
        List<String> missing = new ArrayList<>();
        Path interpreter = Path.of(spec.interpreter());
        if (!Files.isExecutable(interpreter)) {
            missing.add("interpreter " + spec.interpreter());
        }
        spec.path().stream().filter(p -> !Files.isDirectory(Path.of(p))).forEach(p -> missing.add("PATH folder " + p));
        if (missing.isEmpty() && !spec.packages().isEmpty()) {
            missing.addAll(missingModules(interpreter, spec.packages()));
        }
        return new EnvironmentCheck(env.reference(), missing.isEmpty(), missing);
    }

    private static List<String> missingModules(Path interpreter, List<String> modules) {
        List<String> command = new ArrayList<>(List.of(interpreter.toString(), "-c", FIND_MISSING));
        modules.stream().filter(m -> MODULE.matcher(m).matches()).forEach(command::add);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return List.of("a working interpreter (the module check failed)");
            }
            return out.lines().filter(l -> !l.isBlank()).map(m -> "Python module " + m).toList();
        } catch (IOException e) {
            return List.of("a working interpreter (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("a finished module check");
        }
    }

    /** Registers the curated environments in a workspace unless they exist: at first start, and in every new workspace. */
    @Transactional
    public void ensureCurated(long workspaceId) {
        curated().forEach((name, spec) -> {
            if (environments.findOne(workspaceId, name, 1).isEmpty()) {
                environments.save(new EnvironmentAsset(workspaceId, name, 1, curatedDescription(name), toJson(spec),
                        "modelyard", clock.instant()));
            }
        });
    }

    /** Azure ML's curated scikit-learn environment, for jobs written for Azure ML (issue 10, decision 020). */
    public static final String AZUREML_SKLEARN = "AzureML-sklearn-0.24-ubuntu18.04-py37-cpu";

    private static String curatedDescription(String name) {
        return switch (name) {
            case "python-3" -> "Debian's Python 3 (/usr/bin/python3)";
            case AZUREML_SKLEARN -> "Azure ML's curated scikit-learn environment, mapped to this host's Python 3 with "
                    + "scikit-learn and NumPy (the same as sklearn-1; not Azure's Docker image, Python 3.7 or scikit-learn 0.24)";
            default -> "Debian's Python 3 with scikit-learn and NumPy (apt: python3-sklearn)";
        };
    }

    /** A new workspace starts with the curated environments, in the transaction that creates it. */
    @EventListener
    void onWorkspaceCreated(WorkspaceEvents.Created created) {
        ensureCurated(created.workspace().id());
    }

    private InvalidInputException unknown(long workspaceId, String message) {
        String known = environments.findAllOrdered(workspaceId).stream().map(e -> e.name() + ":" + e.version())
                .collect(Collectors.joining(", "));
        return new InvalidInputException("environment", message + "; known environments: " + known
                + " (or name@latest)");
    }

    private EnvironmentDetails details(EnvironmentAsset e) {
        return details(e, e.buildHash() == null ? null : builds.current(e.buildHash()).orElse(null));
    }

    private EnvironmentDetails details(EnvironmentAsset e, EnvironmentBuildInfo build) {
        try {
            if (e.buildHash() == null) {
                return new EnvironmentDetails(e.name(), e.version(), e.description(),
                        json.readValue(e.specJson(), EnvironmentSpec.class), e.createdAt(), e.createdBy(),
                        EnvironmentBuildStatus.READY, null, null);
            }
            EnvironmentDefinition definition = json.readValue(e.definitionJson(), EnvironmentDefinition.class);
            return new EnvironmentDetails(e.name(), e.version(), e.description(),
                    runtimeSpec(layout.venv(e.buildHash()), definition), e.createdAt(), e.createdBy(),
                    build == null ? EnvironmentBuildStatus.REMOVED : build.status(), build, definition);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored environment spec is unreadable", ex);
        }
    }

    /** A built version's job sees its virtualenv's python as python/python3 and its bin folder first on PATH. */
    static EnvironmentSpec runtimeSpec(Path venv, EnvironmentDefinition definition) {
        Map<String, String> vars = new java.util.LinkedHashMap<>(Map.of("PYTHONUNBUFFERED", "1", "LANG", "C.UTF-8"));
        vars.putAll(definition.variables());
        vars.put("VIRTUAL_ENV", venv.toString());
        String bin = venv.resolve("bin").toString();
        return new EnvironmentSpec(venv.resolve("bin").resolve("python").toString(), List.of("python", "python3"),
                List.of(bin, "/usr/local/bin", "/usr/bin", "/bin"), vars, List.of());
    }

    private String toJson(EnvironmentSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The curated environments every installation starts with. */
    static Map<String, EnvironmentSpec> curated() {
        List<String> path = List.of("/usr/local/bin", "/usr/bin", "/bin");
        Map<String, String> vars = Map.of("PYTHONUNBUFFERED", "1", "LANG", "C.UTF-8");
        return Map.of(
                "python-3", new EnvironmentSpec("/usr/bin/python3", List.of("python", "python3"), path, vars, List.of()),
                "sklearn-1", new EnvironmentSpec("/usr/bin/python3", List.of("python", "python3"), path, vars,
                        List.of("sklearn", "numpy")),
                AZUREML_SKLEARN, new EnvironmentSpec("/usr/bin/python3", List.of("python", "python3"), path, vars,
                        List.of("sklearn", "numpy")));
    }
}
