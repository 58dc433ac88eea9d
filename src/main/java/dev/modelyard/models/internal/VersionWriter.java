package dev.modelyard.models.internal;

import dev.modelyard.models.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one short transaction that makes a version visible: lock the model row (creating it if new), take a
 * number, bind the manifest, insert the version. See docs/decisions/003-version-allocation.md.
 */
@Component
public class VersionWriter {

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final Clock clock;

    VersionWriter(RegisteredModelRepository models, ModelVersionRepository versions, Clock clock) {
        this.models = models;
        this.versions = versions;
        this.clock = clock;
    }

    /**
     * Creates the version. {@code bindManifest} runs inside this transaction, so a rollback leaves no manifest.
     * A concurrent first registration of the same new name surfaces as DataIntegrityViolationException: retry.
     */
    @Transactional
    public ModelVersion create(long workspaceId, String name, Integer explicitVersion, String type, String createdBy,
                               LongSupplier bindManifest, ContentFactory content) {
        Instant now = clock.instant();
        RegisteredModel model = models.findByNameKeyForUpdate(workspaceId, RegisteredModel.keyOf(name))
                .orElseGet(() -> models.saveAndFlush(new RegisteredModel(workspaceId, name, createdBy, now)));
        int number;
        if (explicitVersion != null) {
            if (versions.exists(model, explicitVersion)) {
                throw new VersionConflictException(model.name(), explicitVersion);
            }
            model.reserveVersion(explicitVersion);
            number = explicitVersion;
        } else {
            number = model.allocateNextVersion();
        }
        model.touch(now);
        long manifestId = bindManifest.getAsLong();
        ModelVersion version = new ModelVersion(model, number, type, content.create(manifestId), createdBy, now);
        versions.saveAndFlush(version);
        model.versionCreated(version.id());
        return version;
    }

    /** Builds the version's content once the manifest id is known. */
    @FunctionalInterface
    public interface ContentFactory {
        ModelVersion.VersionContent create(long manifestId);
    }
}
