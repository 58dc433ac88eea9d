package dev.modelyard.api;

import dev.modelyard.base.InvalidInputException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
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
 * {@link MultipartReader}, whose delimiter scan keeps up with the disk; guarded by a minimum data rate, so a
 * trickled upload cannot hold a thread and a staging folder for ever (docs/decisions/010).
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

    /**
     * Reads the whole request; returns the text fields by name, in order. IOException: the body broke off;
     * {@link MinimumRateInputStream.TooSlow}: it arrived slower than {@code rate} allows.
     */
    static Map<String, List<String>> read(HttpServletRequest request, UploadRateProperties rate, FileSink files)
            throws IOException {
        return read(request, rate, files, Map.of());
    }

    /** As {@link #read(HttpServletRequest, UploadRateProperties, FileSink)}, with larger limits for the named fields. */
    static Map<String, List<String>> read(HttpServletRequest request, UploadRateProperties rate, FileSink files,
                                          Map<String, Integer> limits) throws IOException {
        return read(request.getContentType(), rateGuarded(request.getInputStream(), rate), files, limits);
    }

    /** Reads a whole form without a rate guard (for callers that bound the body otherwise). */
    static Map<String, List<String>> read(HttpServletRequest request, FileSink files) throws IOException {
        return read(request.getContentType(), request.getInputStream(), files, Map.of());
    }

    private static Map<String, List<String>> read(String contentType, InputStream body, FileSink files,
                                                  Map<String, Integer> limits) throws IOException {
        String boundary = MultipartReader.boundaryOf(contentType);
        if (boundary == null || boundary.length() > 70) {
            throw new InvalidInputException("the request is not a readable multipart form");
        }
        MultipartReader reader = new MultipartReader(body, boundary);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
            if (part.fieldName() == null) {
                throw new InvalidInputException("a part of the form has no name");
            }
            try (InputStream in = part.content()) {
                if (part.isFile()) {
                    files.accept(part.fieldName(), fileName(part), in);
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

    /** The part's file name; a NUL in it can name no stored file and is refused here, by its field. */
    private static String fileName(MultipartReader.Part part) {
        String name = part.fileName();
        if (name != null && name.indexOf('\0') >= 0) {
            throw new InvalidInputException(part.fieldName(), "a file name contains a NUL character");
        }
        return name;
    }

    /** Reads a whole text part, refusing one longer than {@code max} bytes. */
    static String text(String field, InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new InvalidInputException(field, "'" + field + "' is longer than " + max / 1024 + " KB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static InputStream rateGuarded(ServletInputStream raw, UploadRateProperties rate) {
        InputStream guarded = new MinimumRateInputStream(raw, rate.rateWindow(), rate.minBytesPerWindow());
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return guarded.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return guarded.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return raw.isFinished();
            }

            @Override
            public boolean isReady() {
                return raw.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                raw.setReadListener(listener);
            }
        };
    }
}
