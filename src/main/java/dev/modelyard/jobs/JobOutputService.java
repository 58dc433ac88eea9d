package dev.modelyard.jobs;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.RegisterModelCommand;
import dev.modelyard.models.VersionSummary;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What a job left (outputs/** and its stored log), and the model versions registered from it. */
@Service
public class JobOutputService {

    private final JobLookup lookup;
    private final ArtifactService artifacts;
    private final ModelService models;

    JobOutputService(JobLookup lookup, ArtifactService artifacts, ModelService models) {
        this.lookup = lookup;
        this.artifacts = artifacts;
        this.models = models;
    }

    /** Everything the job left: outputs/** and user_logs/std_log.txt (empty until it ends). */
    @PreAuthorize("@ws.has('READER')")
    public List<ArtifactFile> outputs(String name) {
        return lookup.artifactsManifest(name).map(artifacts::files).orElse(List.of());
    }

    /** One file the job left. */
    @PreAuthorize("@ws.has('READER')")
    public ArtifactFile output(String name, String path) {
        return lookup.artifactsManifest(name).flatMap(id -> artifacts.file(id, path))
                .orElseThrow(() -> new dev.modelyard.base.NotFoundException("job '" + name + "' left no file '"
                        + path.replaceAll("\\p{Cntrl}", "?") + "'"));
    }

    /** Model versions registered from this job's outputs. */
    @PreAuthorize("@ws.has('READER')")
    public List<VersionSummary> registeredModels(String name) {
        lookup.require(name);
        return models.versionsFromJob(name);
    }

    /** Registers a model version from a folder of this job's artifacts (see {@link JobOutputs}). */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    public ModelVersionDetails registerModel(String modelName, Integer version, RegisterFromJobCommand command) {
        if (command.type() == null) {
            throw new InvalidInputException("type", "a model type is required: mlflow_model, custom_model or triton_model");
        }
        return models.registerFromSource(new RegisterModelCommand(modelName, version, ModelType.fromWire(command.type()),
                command.description(), command.tags(), command.properties(), null), command.source());
    }
}
