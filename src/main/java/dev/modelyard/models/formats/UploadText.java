package dev.modelyard.models.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a small descriptor file of an upload as UTF-8 text, refusing large or undecodable files. */
final class UploadText {

    /** Descriptor files are a few kilobytes; anything past this is not one, or is an attack. */
    static final int MAX_BYTES = 1 << 20;

    private UploadText() {
    }

    /** The text of {@code path}; {@code label} names the file in error messages. */
    static String read(ModelFileSource files, String path, String label) {
        long size = files.size(path);
        if (size > MAX_BYTES) {
            throw tooLarge(label, "(" + size + " bytes)");
        }
        byte[] bytes;
        // The declared size may be wrong, so the read itself is capped too.
        try (InputStream in = files.open(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " from the upload", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(label, "(more than " + MAX_BYTES + " bytes)");
        }
        return decode(bytes, label);
    }

    private static String decode(byte[] bytes, String label) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(label + " is not UTF-8 text");
        }
    }

    private static ModelFormatException tooLarge(String label, String detail) {
        return new ModelFormatException(label + " is larger than 1 MiB " + detail
                + "; a descriptor file is small text, so this is not one");
    }
}
