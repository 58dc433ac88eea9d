package dev.modelyard.audit.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Before → after of an audit entry as lines a person reads: {@code description: old → new}, one line per tag that
 * was added ({@code tags: +stage=prod}), removed ({@code tags: −team=fraud}) or changed
 * ({@code tags: team fraud → risk}); a creation lists what was set.
 */
public final class AuditChanges {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_VALUE = 120;

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("model.version.registered", "Version registered"),
            Map.entry("model.version.tags.changed", "Tags changed"),
            Map.entry("model.version.description.changed", "Description changed"),
            Map.entry("model.version.archived", "Version archived"),
            Map.entry("model.version.restored", "Version restored"),
            Map.entry("model.description.changed", "Model description changed"),
            Map.entry("model.archived", "Model archived"),
            Map.entry("model.restored", "Model restored"),
            Map.entry("job.submitted", "Job submitted"),
            Map.entry("job.canceled", "Job canceled"),
            Map.entry("job.resubmitted", "Job resubmitted"),
            Map.entry("user.created", "User created"),
            Map.entry("user.updated", "User changed"),
            Map.entry("workspace.created", "Workspace created"),
            Map.entry("workspace.member.changed", "Member role changed"),
            Map.entry("workspace.member.removed", "Member removed"),
            Map.entry("token.created", "Token created"),
            Map.entry("token.revoked", "Token revoked"),
            Map.entry("auth.signin.succeeded", "Signed in"),
            Map.entry("auth.signin.failed", "Sign-in failed"),
            Map.entry("auth.signin.throttled", "Sign-in paused"));

    private AuditChanges() {
    }

    /** A readable name for an action; the action itself when it has none yet. */
    public static String label(String action) {
        return LABELS.getOrDefault(action, action);
    }

    public static List<String> describe(String beforeJson, String afterJson) {
        JsonNode before = parse(beforeJson);
        JsonNode after = parse(afterJson);
        List<String> lines = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        after.fieldNames().forEachRemaining(keys::add);
        before.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode b = before.get(key);
            JsonNode a = after.get(key);
            if (b != null && a != null && b.isObject() && a.isObject()) {
                describeMap(key, b, a, lines);
            } else if (b == null) {
                // a creation: what was set
                if (a != null && !a.isNull() && !(a.isContainerNode() && a.isEmpty())) {
                    lines.add(key + ": " + text(a));
                }
            } else if (!b.equals(a)) {
                lines.add(key + ": " + text(b) + " → " + (a == null ? "—" : text(a)));
            }
        }
        return lines;
    }

    private static void describeMap(String key, JsonNode before, JsonNode after, List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names.stream().sorted().toList()) {
            JsonNode b = before.get(name);
            JsonNode a = after.get(name);
            if (b == null) {
                lines.add(key + ": +" + name + "=" + text(a));
            } else if (a == null) {
                lines.add(key + ": −" + name + "=" + text(b));
            } else if (!a.equals(b)) {
                lines.add(key + ": " + name + " " + text(b) + " → " + text(a));
            }
        }
    }

    private static String text(JsonNode value) {
        String text;
        if (value == null || value.isNull()) {
            text = "—";
        } else if (value.isArray()) {
            text = StreamSupport.stream(value.spliterator(), false).map(AuditChanges::text).collect(Collectors.joining(", "));
        } else if (value.isObject()) {
            List<String> pairs = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                pairs.add(field.getKey() + "=" + text(field.getValue()));
            }
            text = String.join(", ", pairs);
        } else {
            text = value.asText();
        }
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isObject() ? node : JSON.createObjectNode().set("value", node);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode().put("value", json);
        }
    }
}
