package dev.modelyard.api;

import dev.modelyard.artifacts.DeclaredFile;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of registration by reference or by manifest:
 * {@code {"type", "source" | "manifest", "description", "tags", "properties"}}; {@code source} is a job reference
 * today; {@code manifest} lists {@code {"path", "sha256", "size"}} of files Modelyard already holds.
 */
record RegisterBySourceRequest(String type, String source, List<DeclaredFile> manifest, String description,
                               Map<String, String> tags, Map<String, String> properties) {
}
