package dev.modelyard.api;

import dev.modelyard.base.InvalidInputException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
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

    /**
     * Reads the whole request; returns the text fields by name, in order. IOException: the body broke off;
     * {@link MinimumRateInputStream.TooSlow}: it arrived slower than {@code rate} allows.
     */
    static Map<String, List<String>> read(HttpServletRequest request, UploadRateProperties rate, FileSink files)
            throws IOException {
        return read(rateGuarded(request, rate), files);
    }

    /** Reads the whole request; returns the text fields by name, in order. IOException: the body broke off. */
    static Map<String, List<String>> read(HttpServletRequest request, FileSink files) throws IOException {
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
                        fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>()).add(text(item, in));
                    } else {
                        files.accept(item.getFieldName(), fileName(item), in);
                    }
                }
            }
        } catch (FileUploadException e) {
            throw new InvalidInputException("the request is not a readable multipart form");
        }
        return fields;
    }

    /** The part's file name; commons-fileupload refuses a NUL in it with an unchecked exception of its own. */
    private static String fileName(FileItemInput item) {
        try {
            return item.getName();
        } catch (InvalidPathException e) {
            throw new InvalidInputException(item.getFieldName(), "a file name contains a NUL character");
        }
    }

    private static HttpServletRequest rateGuarded(HttpServletRequest request, UploadRateProperties rate)
            throws IOException {
        ServletInputStream raw = request.getInputStream();
        InputStream guarded = new MinimumRateInputStream(raw, rate.rateWindow(), rate.minBytesPerWindow());
        ServletInputStream wrapped = new ServletInputStream() {
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
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                return wrapped;
            }
        };
    }

    private static String text(FileItemInput item, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new InvalidInputException(item.getFieldName(), "'" + item.getFieldName() + "' is longer than "
                    + MAX_FIELD_BYTES / 1024 + " KB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
