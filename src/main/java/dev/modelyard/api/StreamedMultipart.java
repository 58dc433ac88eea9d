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
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

/**
 * A multipart/form-data request read part by part from the socket as it arrives: text fields are collected, and
 * each file part is handed to a sink while it streams. Nothing is spooled by the servlet container first, so an
 * upload reaches the disk once, in the staging area (see {@link ApiMultipartConfig}).
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
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        try {
            FileItemInputIterator items = upload.getItemIterator(request);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                try (InputStream in = item.getInputStream()) {
                    if (item.isFormField()) {
                        if (++count > MAX_FIELDS) {
                            throw new InvalidInputException("the form has more than " + MAX_FIELDS + " fields");
                        }
                        fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>()).add(text(item, in,
                                limits.getOrDefault(item.getFieldName(), MAX_FIELD_BYTES)));
                    } else {
                        files.accept(item.getFieldName(), item.getName(), in);
                    }
                }
            }
        } catch (FileUploadException e) {
            throw new InvalidInputException("the request is not a readable multipart form");
        }
        return fields;
    }

    /** Reads a whole text part, refusing one longer than {@code max} bytes. */
    static String text(FileItemInput item, InputStream in, int max) throws IOException {
        return text(item.getFieldName(), in, max);
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
