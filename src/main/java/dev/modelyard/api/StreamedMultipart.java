package dev.modelyard.api;

import dev.modelyard.base.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multipart/form-data request read part by part from the socket as it arrives: text fields are collected, and
 * each file part is handed to a sink while it streams. Nothing is spooled by the servlet container first, so an
 * upload reaches the disk once, in the staging area (see {@link ApiMultipartConfig}). Parsed by
 * {@link MultipartReader}, whose delimiter scan keeps up with the disk.
 */
final class StreamedMultipart {

    /** A text field longer than this is refused: descriptions, tags and properties are far shorter. */
    static final int MAX_FIELD_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 1_000;

    /** Receives one file part; {@code content} ends where the part ends and is closed by the caller. */
    @FunctionalInterface
    interface FileSink {
        void accept(String fieldName, String fileName, InputStream content) throws IOException;
    }

    private StreamedMultipart() {
    }

    /** Reads the whole request; returns the text fields by name, in order. IOException: the body broke off. */
    static Map<String, List<String>> read(HttpServletRequest request, FileSink files) throws IOException {
        return read(request, files, Map.of());
    }

    /** As {@link #read(HttpServletRequest, FileSink)}, with larger limits for the fields named in {@code limits}. */
    static Map<String, List<String>> read(HttpServletRequest request, FileSink files, Map<String, Integer> limits)
            throws IOException {
        String boundary = MultipartReader.boundaryOf(request.getContentType());
        if (boundary == null || boundary.length() > 70) {
            throw new InvalidInputException("the request is not a readable multipart form");
        }
        MultipartReader reader = new MultipartReader(request.getInputStream(), boundary);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
            if (part.fieldName() == null) {
                throw new InvalidInputException("a part of the form has no name");
            }
            try (InputStream in = part.content()) {
                if (part.isFile()) {
                    files.accept(part.fieldName(), part.fileName(), in);
                } else {
                    if (++count > MAX_FIELDS) {
                        throw new InvalidInputException("the form has more than " + MAX_FIELDS + " fields");
                    }
                    fields.computeIfAbsent(part.fieldName(), k -> new ArrayList<>())
                            .add(text(part.fieldName(), in, limits.getOrDefault(part.fieldName(), MAX_FIELD_BYTES)));
                }
            }
        }
        return fields;
    }

    /** Reads a whole text part, refusing one longer than {@code max} bytes. */
    static String text(String field, InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new InvalidInputException(field, "'" + field + "' is longer than " + max / 1024 + " KB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
