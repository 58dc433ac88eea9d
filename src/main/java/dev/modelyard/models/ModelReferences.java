package dev.modelyard.models;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.models.internal.ModelVersion;
import dev.modelyard.models.internal.ModelVersionRepository;
import dev.modelyard.models.internal.RegisteredModel;
import dev.modelyard.models.internal.RegisteredModelRepository;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves MLflow's {@code models:/<name>/<version>}, {@code models:/<name>/latest}, {@code models:/<name>/<stage>}
 * and {@code models:/<name>@<alias>} to the files of that version, so a version can be registered from another
 * (sharing every byte). References arrive canonical ({@link SourceReference}).
 */
@Component
class ModelReferences implements ModelSourceResolver {

    static final String PREFIX = "models:/";

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final ArtifactService artifacts;

    ModelReferences(RegisteredModelRepository models, ModelVersionRepository versions, ArtifactService artifacts) {
        this.models = models;
        this.versions = versions;
        this.artifacts = artifacts;
    }

    @Override
    public boolean supports(String reference) {
        return reference != null && reference.startsWith(PREFIX);
    }

    @Override
    @Transactional(readOnly = true)
    public ResolvedSource resolve(String reference) {
        ModelVersion v = find(reference);
        return new ResolvedSource(new VersionSource("model", null, v.model().name() + ":" + v.version()),
                artifacts.files(v.manifestId()));
    }

    private ModelVersion find(String reference) {
        String rest = reference.substring(PREFIX.length());
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        if (at > 0 && slash < 0) {
            String alias = rest.substring(at + 1);
            RegisteredModel m = model(rest.substring(0, at));
            Integer number = m.aliases().get(alias);
            return Optional.ofNullable(number).flatMap(n -> versions.findOne(m, n))
                    .orElseThrow(() -> ModelNotFoundException.forVersion(VersionRef.alias(m.name(), alias)));
        }
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0 || at >= 0) {
            throw new InvalidInputException("source", "source " + SafeText.quote(reference, 120)
                    + " is not models:/<name>/<version|stage|latest> or models:/<name>@<alias>");
        }
        RegisteredModel m = model(rest.substring(0, slash));
        String which = rest.substring(slash + 1);
        if (which.equals(VersionRef.LATEST)) {
            return versions.findAllOf(m).stream().max(Comparator.comparingInt(ModelVersion::version))
                    .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), null)));
        }
        if (which.chars().allMatch(Character::isDigit)) {
            int number = VersionRef.parseNumber(which);
            return versions.findOne(m, number)
                    .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), number)));
        }
        Stage stage = Stage.parse(which);
        return versions.findInStage(m, stage.label()).stream().max(Comparator.comparingInt(ModelVersion::version))
                .orElseThrow(() -> new ModelNotFoundException.TagNotFound("model '" + m.name() + "' has no version in stage "
                        + stage.label()));
    }

    private RegisteredModel model(String name) {
        ModelRules.requireValidName(name);
        return models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name)).orElseThrow(() -> ModelNotFoundException.forName(name));
    }
}
