package dev.modelyard.models;

import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.models.internal.AliasHistoryEntry;
import dev.modelyard.models.internal.AliasHistoryRepository;
import dev.modelyard.models.internal.ModelVersionRepository;
import dev.modelyard.models.internal.RegisteredModel;
import dev.modelyard.models.internal.RegisteredModelRepository;
import dev.modelyard.models.internal.VersionMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named pointers to versions ({@code @champion}) and their full history: every set, move and delete is kept,
 * so what an alias pointed to at any instant has an answer. Changes take the model row's lock, as version
 * registration does, so history rows of one model are written one at a time.
 */
@Service
public class AliasService {

    /** As MLflow: letters, digits, '_' and '-'; not 'latest' and not v<number>, which would read as versions. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");
    private static final int HISTORY_LIMIT = 1000;

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final AliasHistoryRepository history;
    private final VersionMapper mapper;
    private final Clock clock;

    AliasService(RegisteredModelRepository models, ModelVersionRepository versions, AliasHistoryRepository history,
                 VersionMapper mapper, Clock clock) {
        this.models = models;
        this.versions = versions;
        this.history = history;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Points {@code alias} at {@code version} (creating or moving it); the version must exist. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public ModelVersionDetails set(String name, String alias, int version) {
        requireValidAlias(alias);
        RegisteredModel m = lock(name);
        var v = versions.findOne(m, version)
                .orElseThrow(() -> ModelNotFoundException.forVersion(new VersionRef(m.name(), version)));
        Integer before = m.aliases().get(alias);
        if (before == null || before != version) {
            Instant now = clock.instant();
            m.pointAlias(alias, version);
            m.touch(now);
            history.save(new AliasHistoryEntry(m.id(), alias, version, now, CurrentUsername.get()));
        }
        return mapper.details(v);
    }

    /** Removes an alias; a 404 if the model has no such alias. */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public void delete(String name, String alias) {
        RegisteredModel m = lock(name);
        if (alias == null || !m.aliases().containsKey(alias)) {
            throw new ModelNotFoundException.TagNotFound("model '" + m.name() + "' has no alias " + SafeText.quote(alias, 80));
        }
        Instant now = clock.instant();
        m.pointAlias(alias, null);
        m.touch(now);
        history.save(new AliasHistoryEntry(m.id(), alias, null, now, CurrentUsername.get()));
    }

    /** The version an alias points to now. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public ModelVersionDetails resolve(String name, String alias) {
        RegisteredModel m = require(name);
        Integer number = m.aliases().get(alias);
        return Optional.ofNullable(number).flatMap(n -> versions.findOne(m, n)).map(mapper::details)
                .orElseThrow(() -> ModelNotFoundException.forVersion(VersionRef.alias(m.name(), alias)));
    }

    /**
     * The change that was in force at {@code at}: its version (null if the alias was deleted then), when and by
     * whom it was made. Empty if the alias had never been set by then.
     */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public Optional<AliasChange> at(String name, String alias, Instant at) {
        RegisteredModel m = require(name);
        return history.findAsOf(m.id(), alias, at, Limit.of(1)).stream().findFirst()
                .map(h -> new AliasChange(m.name(), h.alias(), h.version(), h.changedAt(), h.changedBy()));
    }

    /** Every alias change of a model, newest first (at most 1000). */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<AliasChange> history(String name) {
        RegisteredModel m = require(name);
        return history.findByModel(m.id(), Limit.of(HISTORY_LIMIT)).stream()
                .map(h -> new AliasChange(m.name(), h.alias(), h.version(), h.changedAt(), h.changedBy())).toList();
    }

    /** Throws a 400 naming the rule if {@code alias} cannot be an alias. */
    public static String requireValidAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidInputException("alias", "alias " + SafeText.quote(alias, 80)
                    + " is invalid: use 1–255 letters, digits, '_' or '-'");
        }
        if (alias.equalsIgnoreCase(VersionRef.LATEST) || VERSION_LIKE.matcher(alias).matches()) {
            throw new InvalidInputException("alias", "alias '" + alias + "' is reserved: 'latest' and v<number> name versions");
        }
        return alias;
    }

    private RegisteredModel require(String name) {
        return models.findByNameKey(CurrentWorkspace.id(), RegisteredModel.keyOf(name == null ? "" : name))
                .orElseThrow(() -> ModelNotFoundException.forName(name));
    }

    private RegisteredModel lock(String name) {
        return models.findByNameKeyForUpdate(CurrentWorkspace.id(), RegisteredModel.keyOf(name == null ? "" : name))
                .orElseThrow(() -> ModelNotFoundException.forName(name));
    }
}
