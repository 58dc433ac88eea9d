package dev.modelyard.azureml;

import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.ComputeTarget;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.workspaces.WorkspaceSummary;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace, its blob datastore (+ listSecrets), computes and environments, as Azure ML's ARM API shows them. */
@RestController
@RequestMapping(Arm.WS)
class ArmWorkspaceController {

    static final String DATASTORE = "workspaceblobstore";
    private static final java.util.Set<String> CURATED = java.util.Set.of("python-3", "sklearn-1", AzureReferences.CURATED_SKLEARN);

    private final WorkspaceService workspaces;
    private final ComputeTargetService computes;
    private final EnvironmentService environments;
    private final BlobService blobs;
    private final ModelyardProperties modelyard;

    ArmWorkspaceController(WorkspaceService workspaces, ComputeTargetService computes, EnvironmentService environments,
                           BlobService blobs, ModelyardProperties modelyard) {
        this.workspaces = workspaces;
        this.computes = computes;
        this.environments = environments;
        this.blobs = blobs;
        this.modelyard = modelyard;
    }

    @GetMapping
    Map<String, Object> workspace(@PathVariable String subscription, @PathVariable String resourceGroup,
                                  @PathVariable String workspace) {
        WorkspaceSummary w = workspaces.get(CurrentWorkspace.name());
        String id = Arm.workspaceId(subscription, resourceGroup, workspace);
        String base = Arm.base(modelyard.publicUrl());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("friendlyName", w.displayName());
        p.put("description", w.description());
        p.put("workspaceId", UUID.nameUUIDFromBytes(("modelyard-workspace-" + CurrentWorkspace.id()).getBytes()).toString());
        p.put("discoveryUrl", base + DiscoveryController.DISCOVERY);
        p.put("mlFlowTrackingUri", base + "/mlflow/" + CurrentWorkspace.name());
        p.put("provisioningState", "Succeeded");
        p.put("storageAccount", id + "/storageAccounts/" + BlobService.ACCOUNT);
        p.put("keyVault", id + "/vaults/none");
        p.put("hbiWorkspace", false);
        p.put("publicNetworkAccess", "Enabled");
        Map<String, Object> out = Arm.resource(id, workspace, Arm.TYPE, p, w.createdAt(), null, null);
        out.put("location", "local");
        out.put("identity", Map.of("type", "SystemAssigned"));
        out.put("sku", Map.of("name", "Basic", "tier", "Basic"));
        return out;
    }

    @GetMapping("/datastores")
    @RequiresWorkspaceRole(AppRole.READER)
    Map<String, Object> datastores(@PathVariable String subscription, @PathVariable String resourceGroup,
                                   @PathVariable String workspace, HttpServletRequest request) {
        return Arm.page(List.of(datastore(subscription, resourceGroup, workspace)), false, 0, request);
    }

    @GetMapping("/datastores/{name}")
    @RequiresWorkspaceRole(AppRole.READER)
    Map<String, Object> datastore(@PathVariable String subscription, @PathVariable String resourceGroup,
                                  @PathVariable String workspace, @PathVariable String name) {
        if (!DATASTORE.equals(name)) {
            throw new NotFoundException("datastore '" + name.replaceAll("\\p{Cntrl}", "?") + "' does not exist; this "
                    + "workspace has " + DATASTORE);
        }
        return datastore(subscription, resourceGroup, workspace);
    }

    /** The SharedKey key of the workspace's blob account; a contributor's, as on Azure (readers cannot upload). */
    @PostMapping("/datastores/{name}/listSecrets")
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    Map<String, Object> listSecrets(@PathVariable String name) {
        if (!DATASTORE.equals(name)) {
            throw new NotFoundException("datastore '" + name.replaceAll("\\p{Cntrl}", "?") + "' does not exist");
        }
        return Map.of("secretsType", "AccountKey", "key", blobs.accountKey(CurrentWorkspace.id()));
    }

    private Map<String, Object> datastore(String subscription, String resourceGroup, String workspace) {
        URI base = URI.create(Arm.base(modelyard.publicUrl()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("datastoreType", "AzureBlob");
        // https://{accountName}.blob.{endpoint} with this account name is https://host:port/<account> plus a
        // fragment: azure-storage-blob reads a loopback host path-style (decision 020)
        p.put("accountName", base.getAuthority() + "/" + BlobService.ACCOUNT + "#");
        p.put("containerName", BlobService.container(CurrentWorkspace.id()));
        p.put("endpoint", "core.windows.net");
        p.put("protocol", "https");
        p.put("serviceDataAccessAuthIdentity", "None");
        p.put("credentials", Map.of("credentialsType", "AccountKey"));
        p.put("isDefault", true);
        p.put("description", "Code and files uploaded through the Azure ML SDK, kept in Modelyard's storage");
        p.put("properties", Map.of());
        p.put("tags", Map.of());
        return Arm.resource(Arm.workspaceId(subscription, resourceGroup, workspace) + "/datastores/" + DATASTORE, DATASTORE,
                Arm.TYPE + "/datastores", p, Instant.EPOCH, "modelyard", null);
    }

    @GetMapping("/computes")
    Map<String, Object> computes(@PathVariable String subscription, @PathVariable String resourceGroup,
                                 @PathVariable String workspace, HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        return Arm.page(computes.list().stream().map(c -> compute(ws, c)).toList(), false, 0, request);
    }

    @GetMapping("/computes/{name}")
    Map<String, Object> compute(@PathVariable String subscription, @PathVariable String resourceGroup,
                                @PathVariable String workspace, @PathVariable String name) {
        return compute(Arm.workspaceId(subscription, resourceGroup, workspace), computes.get(name));
    }

    private static Map<String, Object> compute(String ws, ComputeTarget c) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("vmSize", "modelyard-" + c.kind());
        inner.put("vmPriority", "Dedicated");
        inner.put("scaleSettings", Map.of("maxNodeCount", c.slots(), "minNodeCount", 0, "nodeIdleTimeBeforeScaleDown", "PT120S"));
        inner.put("currentNodeCount", c.running());
        inner.put("targetNodeCount", c.running());
        inner.put("nodeStateCounts", Map.of("idleNodeCount", Math.max(0, c.slots() - c.running()), "runningNodeCount",
                c.running(), "preparingNodeCount", 0, "unusableNodeCount", 0, "leavingNodeCount", 0, "preemptedNodeCount", 0));
        inner.put("allocationState", "Steady");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("computeType", "AmlCompute");
        p.put("computeLocation", "local");
        p.put("provisioningState", "Succeeded");
        p.put("description", c.description());
        p.put("isAttachedCompute", false);
        p.put("disableLocalAuth", true);
        p.put("properties", inner);
        Map<String, Object> out = Arm.resource(ws + "/computes/" + c.name(), c.name(), Arm.TYPE + "/computes", p, null, null, null);
        out.put("location", "local");
        return out;
    }

    @GetMapping("/environments")
    Map<String, Object> environments(@PathVariable String subscription, @PathVariable String resourceGroup,
                                     @PathVariable String workspace, HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        Map<String, List<EnvironmentDetails>> byName = environments.list().stream()
                .collect(Collectors.groupingBy(EnvironmentDetails::name, java.util.TreeMap::new, Collectors.toList()));
        List<Map<String, Object>> containers = byName.values().stream().map(versions -> {
            EnvironmentDetails latest = versions.get(0);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("description", latest.description());
            p.put("tags", Map.of());
            p.put("properties", Map.of());
            p.put("isArchived", false);
            p.put("latestVersion", String.valueOf(latest.version()));
            p.put("nextVersion", String.valueOf(latest.version() + 1));
            return Arm.resource(ws + "/environments/" + latest.name(), latest.name(), Arm.TYPE + "/environments", p,
                    versions.get(versions.size() - 1).createdAt(), null, latest.createdAt());
        }).toList();
        return Arm.page(containers, false, 0, request);
    }

    @GetMapping("/environments/{name}/versions")
    Map<String, Object> environmentVersions(@PathVariable String subscription, @PathVariable String resourceGroup,
                                            @PathVariable String workspace, @PathVariable String name,
                                            HttpServletRequest request) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        List<Map<String, Object>> versions = environments.list().stream().filter(e -> e.name().equals(name))
                .map(e -> environment(ws, e)).toList();
        if (versions.isEmpty()) {
            environments.resolve(name + "@latest"); // 404-like refusal listing the known ones
        }
        return Arm.page(versions, false, 0, request);
    }

    @GetMapping("/environments/{name}/versions/{version}")
    Map<String, Object> environmentVersion(@PathVariable String subscription, @PathVariable String resourceGroup,
                                           @PathVariable String workspace, @PathVariable String name,
                                           @PathVariable String version) {
        String ws = Arm.workspaceId(subscription, resourceGroup, workspace);
        return environments.list().stream().filter(e -> e.name().equals(name) && String.valueOf(e.version()).equals(version))
                .findFirst().map(e -> environment(ws, e)).orElseThrow(() -> new NotFoundException("environment "
                        + name.replaceAll("\\p{Cntrl}", "?") + ":" + version.replaceAll("\\p{Cntrl}", "?") + " does not exist"));
    }

    private static Map<String, Object> environment(String ws, EnvironmentDetails e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("description", e.description());
        p.put("tags", Map.of());
        p.put("properties", Map.of("interpreter", e.spec().interpreter()));
        p.put("isAnonymous", false);
        p.put("isArchived", false);
        p.put("environmentType", CURATED.contains(e.name()) ? "Curated" : "UserCreated");
        p.put("image", "modelyard-local:" + e.name());
        p.put("osType", "Linux");
        return Arm.resource(ws + "/environments/" + e.name() + "/versions/" + e.version(), String.valueOf(e.version()),
                Arm.TYPE + "/environments/versions", p, e.createdAt(), null, null);
    }
}
