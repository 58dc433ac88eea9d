package dev.modelyard.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Code assets: PUT/GET a version (1.4.0 uploads through the blob datastore first), the hash lookup and
 * startPendingUpload of newer SDKs (a SAS URI to a fresh folder of the workspace's container).
 */
@RestController
@RequestMapping(Arm.WS + "/codes")
class ArmCodeController {

    private final CodeAssetService codes;
    private final SignedLinks links;
    private final ModelyardProperties modelyard;
    private final Clock clock;

    ArmCodeController(CodeAssetService codes, SignedLinks links, ModelyardProperties modelyard, Clock clock) {
        this.codes = codes;
        this.links = links;
        this.modelyard = modelyard;
        this.clock = clock;
    }

    @PutMapping("/{name}/versions/{version}")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<Map<String, Object>> put(@PathVariable String subscription, @PathVariable String resourceGroup,
                                            @PathVariable String workspace, @PathVariable String name,
                                            @PathVariable String version, @RequestBody JsonNode body) {
        JsonNode p = body.path("properties");
        boolean existed = codes.versions(name, null).stream().anyMatch(v -> v.version().equals(version));
        CodeAssetService.CodeVersion code = codes.put(name, version, text(p, "codeUri"), Json.stringMap(p.path("properties")),
                text(p, "description"), p.path("isAnonymous").asBoolean(false));
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED)
                .body(view(Arm.workspaceId(subscription, resourceGroup, workspace), code));
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> get(@PathVariable String subscription, @PathVariable String resourceGroup,
                            @PathVariable String workspace, @PathVariable String name, @PathVariable String version) {
        return view(Arm.workspaceId(subscription, resourceGroup, workspace), codes.get(name, version));
    }

    @GetMapping("/{name}/versions")
    Map<String, Object> versions(@PathVariable String subscription, @PathVariable String resourceGroup,
                                 @PathVariable String workspace, @PathVariable String name,
                                 @RequestParam(required = false) String hash, HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        return Arm.page(codes.versions(name, hash).stream().map(c -> view(ws, c)).toList(), false, 0, request);
    }

    /** Newer SDKs: a write-only SAS URI to a fresh folder; the code version is PUT with it once the files are up. */
    @PostMapping("/{name}/versions/{version}/startPendingUpload")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    Map<String, Object> startPendingUpload(@PathVariable String name, @PathVariable String version) {
        String folder = "LocalUpload/" + UUID.randomUUID().toString().replace("-", "");
        String container = BlobService.container(CurrentWorkspace.id());
        String blobUri = Arm.base(modelyard.publicUrl()) + "/" + BlobService.ACCOUNT + "/" + container + "/" + folder;
        String sas = blobUri + "?" + links.sas(CurrentWorkspace.id(), container, folder, clock.instant());
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("blobUri", blobUri);
        reference.put("storageAccountArmId", null);
        reference.put("credential", Map.of("credentialType", "SAS", "sasUri", sas));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("blobReferenceForConsumption", reference);
        out.put("pendingUploadId", folder.substring("LocalUpload/".length()));
        out.put("pendingUploadType", "TemporaryBlobReference");
        return out;
    }

    static Map<String, Object> view(String ws, CodeAssetService.CodeVersion c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", c.description());
        p.put("tags", Map.of());
        p.put("properties", c.properties());
        p.put("isAnonymous", c.anonymous());
        p.put("isArchived", false);
        p.put("codeUri", c.codeUri());
        p.put("provisioningState", "Succeeded");
        return Arm.resource(ws + "/codes/" + c.name() + "/versions/" + c.version(), c.version(), Arm.TYPE + "/codes/versions",
                p, c.createdAt(), c.createdBy(), null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
