package dev.modelyard.artifacts.internal;

import java.util.regex.Pattern;

/** Object keys are derived from content hashes only, never from anything a user typed. */
public final class BlobKeys {

    public static final String PREFIX = "blobs/sha256/";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BlobKeys() {
    }

    /** {@code blobs/sha256/ab/abcdef…}: the two-character fan-out keeps folder-backed stores fast. */
    public static String forSha256(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase sha256");
        }
        return PREFIX + sha256.substring(0, 2) + "/" + sha256;
    }
}
