package dev.modelyard.base;

import java.util.Locale;

/**
 * How every stored file leaves Modelyard, REST and UI alike: as an attachment (saved, never shown in the page),
 * under a Content-Security-Policy sandbox (were a browser to render it anyway, an uploaded {@code .html} or
 * {@code .svg} would run in an opaque origin with no script), and with nosniff so no type is guessed from bytes.
 */
public final class AttachmentHeaders {

    public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    /** No script, no plugins, no same-origin access, nothing loaded. */
    public static final String SANDBOX_POLICY = "sandbox; default-src 'none'";
    public static final String CONTENT_DISPOSITION = "Content-Disposition";

    private AttachmentHeaders() {
    }

    /** A Content-Disposition value turned into an attachment, keeping its file name parameters. */
    public static String asAttachment(String disposition) {
        if (disposition == null || disposition.isBlank()) {
            return "attachment";
        }
        String trimmed = disposition.strip();
        int semicolon = trimmed.indexOf(';');
        String type = (semicolon < 0 ? trimmed : trimmed.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (type.equals("attachment")) {
            return trimmed;
        }
        return semicolon < 0 ? "attachment" : "attachment" + trimmed.substring(semicolon);
    }
}
