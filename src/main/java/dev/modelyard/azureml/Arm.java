package dev.modelyard.azureml;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The ARM envelope, ids, lists and links every Azure ML resource answer shares. */
final class Arm {

    static final String PROVIDER = "Microsoft.MachineLearningServices";
    static final String WS = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/"
            + PROVIDER + "/workspaces/{workspace}";
    static final String TYPE = PROVIDER + "/workspaces";
    static final int PAGE = 100;

    private Arm() {
    }

    /** The ARM id of the workspace as the request named it (subscription and resource group are taken as given). */
    static String workspaceId(String subscription, String resourceGroup, String workspace) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/" + PROVIDER
                + "/workspaces/" + workspace;
    }

    static Map<String, Object> resource(String id, String name, String type, Map<String, Object> properties,
                                        Instant createdAt, String createdBy, Instant modifiedAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", name);
        out.put("type", type);
        out.put("properties", properties);
        out.put("systemData", systemData(createdAt, createdBy, modifiedAt));
        return out;
    }

    static Map<String, Object> systemData(Instant createdAt, String createdBy, Instant modifiedAt) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("createdAt", createdAt == null ? null : createdAt.toString());
        s.put("createdBy", createdBy);
        s.put("createdByType", "User");
        s.put("lastModifiedAt", (modifiedAt == null ? createdAt : modifiedAt) == null ? null
                : (modifiedAt == null ? createdAt : modifiedAt).toString());
        s.put("lastModifiedBy", createdBy);
        s.put("lastModifiedByType", "User");
        return s;
    }

    /** A list page; {@code nextLink} repeats the request with {@code $skipToken} = the next page number. */
    static Map<String, Object> page(List<?> value, boolean more, int page, HttpServletRequest request) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        out.put("nextLink", more ? ServletUriComponentsBuilder.fromRequest(request)
                .replaceQueryParam("$skipToken", page + 1).build().toUriString() : null);
        return out;
    }

    /** This server's origin as the client reached it: links handed to the SDK point back here. */
    static String base(String publicUrl) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/+$", "");
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    static int pageNumber(String skipToken) {
        if (skipToken == null || skipToken.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(skipToken);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new dev.modelyard.base.InvalidInputException("$skipToken", "$skipToken is not one this server handed out");
    }
}
