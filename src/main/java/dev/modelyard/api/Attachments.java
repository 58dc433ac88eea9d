package dev.modelyard.api;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for any stored file name: an ASCII {@code filename} for old clients beside
 * RFC 5987/6266 {@code filename*=UTF-8''…} with the exact name. A header value must be ISO-8859-1, so a name outside
 * Latin-1 written as a plain {@code filename} made the container drop the whole header.
 */
final class Attachments {

    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private Attachments() {
    }

    static String contentDisposition(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
    }

    /** Printable ASCII as it is, except the quote and backslash of the quoted string; everything else as '_'. */
    static String asciiFallback(String fileName) {
        StringBuilder out = new StringBuilder(fileName.length());
        fileName.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 5987 {@code value-chars}: attr-char as it is, every other UTF-8 byte as %XX. */
    static String encode(String fileName) {
        StringBuilder out = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ATTR_CHARS.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
