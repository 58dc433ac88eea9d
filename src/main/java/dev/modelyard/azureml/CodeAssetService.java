package dev.modelyard.azureml;

import dev.modelyard.base.JsonMaps;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.audit.AuditService;
import dev.modelyard.base.CurrentUsername;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.SafeText;
import dev.modelyard.azureml.internal.CodeAsset;
import dev.modelyard.azureml.internal.CodeAssetRepository;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Azure ML code assets: a name and version naming a folder of uploaded blobs of the workspace's container. Code
 * versions are immutable, as on Azure: a PUT of an existing one with the same folder is answered as it is.
 */
@Service
public class CodeAssetService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A code version as the ARM surface shows it. */
    public record CodeVersion(String name, String version, String codeUri, String hashSha256, Map<String, String> properties,
                              String description, boolean anonymous, String createdBy, Instant createdAt,
                              String container, String prefix) {
    }

    private final CodeAssetRepository codes;
    private final BlobService blobs;
    private final AuditService audit;
    private final ObjectMapper json;
    private final Clock clock;

    CodeAssetService(CodeAssetRepository codes, BlobService blobs, AuditService audit, ObjectMapper json, Clock clock) {
        this.codes = codes;
        this.blobs = blobs;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a code version over a folder of the workspace's container: {@code codeUri} is
     * {@code https://<host>[/<account>]/<container>/<folder>} (1.4.0 drops the account) or
     * {@code azureml://datastores/workspaceblobstore/paths/<folder>}. The folder must hold at least one blob.
     */
    @PreAuthorize("@ws.has('CONTRIBUTOR')")
    @Transactional
    public CodeVersion put(String name, String version, String codeUri, Map<String, String> properties,
                           String description, boolean anonymous) {
        check(name, version);
        String[] location = location(codeUri);
        if (blobs.filesUnder(CurrentWorkspace.id(), location[0], location[1]).isEmpty()) {
            throw new InvalidInputException("codeUri", "no uploaded file lies under " + SafeText.quote(codeUri, 200));
        }
        Optional<CodeAsset> existing = codes.findOne(CurrentWorkspace.id(), name, version);
        if (existing.isPresent()) {
            if (!existing.get().blobPrefix().equals(location[1]) || !existing.get().container().equals(location[0])) {
                throw new dev.modelyard.base.ConflictException("code " + name + ":" + version + " exists with other "
                        + "files; code versions never change");
            }
            return view(existing.get());
        }
        Map<String, String> props = properties == null ? Map.of() : properties;
        try {
            CodeAsset saved = codes.saveAndFlush(new CodeAsset(CurrentWorkspace.id(), name, version, location[0], location[1],
                    codeUri, props.get("hash_sha256"), JsonMaps.write(json, props), description, anonymous, CurrentUsername.get(),
                    clock.instant()));
            audit.record("code.created", "code:" + name + "/" + version, null, Map.of("codeUri", codeUri));
            return view(saved);
        } catch (DataIntegrityViolationException raced) {
            throw new dev.modelyard.base.ConflictException("code " + name + ":" + version + " was just created by another request");
        }
    }

    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public CodeVersion get(String name, String version) {
        return codes.findOne(CurrentWorkspace.id(), name, version).map(this::view)
                .orElseThrow(() -> new NotFoundException("code " + SafeText.quote(name, 80) + " version "
                        + SafeText.quote(version, 40) + " does not exist"));
    }

    /** The versions of a code asset, newest first; with {@code hash}, only those of that content (newer SDKs). */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<CodeVersion> versions(String name, String hash) {
        List<CodeAsset> found = hash == null || hash.isBlank() ? codes.findVersions(CurrentWorkspace.id(), name)
                : codes.findByHash(CurrentWorkspace.id(), hash);
        return found.stream().map(this::view).toList();
    }

    /** The files of a code version, paths relative to its folder: what a job's code snapshot holds. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<ArtifactFile> files(String name, String version) {
        CodeVersion code = get(name, version);
        return blobs.filesUnder(CurrentWorkspace.id(), code.container(), code.prefix());
    }

    /** [container, folder] of a code URI in this workspace's storage, or a 400. */
    String[] location(String codeUri) {
        if (codeUri == null || codeUri.isBlank()) {
            throw new InvalidInputException("codeUri", "a code version needs codeUri");
        }
        String path;
        String own = BlobService.container(CurrentWorkspace.id());
        if (codeUri.startsWith("azureml://")) {
            int at = codeUri.indexOf("/datastores/" + ArmWorkspaceController.DATASTORE + "/paths/");
            if (at < 0) {
                throw new InvalidInputException("codeUri", "code must lie in datastore " + ArmWorkspaceController.DATASTORE);
            }
            path = own + "/" + codeUri.substring(at + ("/datastores/" + ArmWorkspaceController.DATASTORE + "/paths/").length());
        } else {
            try {
                path = URI.create(codeUri).getPath();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("codeUri", "codeUri " + SafeText.quote(codeUri, 200) + " is not a URI");
            }
            path = path == null ? "" : path.replaceAll("^/+", "");
            if (path.startsWith(BlobService.ACCOUNT + "/")) {
                path = path.substring(BlobService.ACCOUNT.length() + 1);
            }
        }
        path = path.replaceAll("/+$", "");
        int slash = path.indexOf('/');
        if (slash < 0 || !path.substring(0, slash).equals(own)) {
            throw new InvalidInputException("codeUri", "codeUri must name a folder of this workspace's blob container " + own);
        }
        return new String[]{own, BlobService.checkedPath(path.substring(slash + 1))};
    }

    private static void check(String name, String version) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "a code name is 1–255 letters, digits, '.', '_' or '-'");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InvalidInputException("version", "a code version is 1–64 letters, digits, '.', '_' or '-'");
        }
    }

    private CodeVersion view(CodeAsset c) {
        return new CodeVersion(c.name(), c.version(), c.codeUri(), c.hashSha256(),
                JsonMaps.read(json, c.propertiesJson(), "stored code asset properties"),
                c.description(), c.anonymous(), c.createdBy(), c.createdAt(), c.container(), c.blobPrefix());
    }
}
