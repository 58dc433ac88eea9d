package dev.modelyard.artifacts;

import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/** Guesses a file's media type from its name only; the content is never sniffed. */
final class MediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";

    /** Names common in model folders that the generic table gets wrong or does not know. */
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "pbtxt", "text/plain",
            "yaml", "application/yaml",
            "yml", "application/yaml",
            "json", "application/json",
            "txt", "text/plain",
            "csv", "text/csv",
            "md", "text/markdown",
            "py", "text/x-python");

    private MediaTypes() {
    }

    /** Returns the media type for a canonical path, falling back to application/octet-stream. */
    static String forPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("MLmodel")) {
            return "application/yaml";
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return OCTET_STREAM;
        }
        String known = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        return MediaTypeFactory.getMediaType(name).map(MediaType::toString).orElse(OCTET_STREAM);
    }
}
