package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;

/**
 * A reference to one version: {@code name:3}, {@code name@latest}, or a name with a separate version
 * string ({@code "3"} or {@code "latest"}).
 *
 * @param version the number, or null for the latest non-archived version
 */
public record VersionRef(String name, Integer version) {

    public static final String LATEST = "latest";

    public boolean isLatest() {
        return version == null;
    }

    /** Parses {@code name:version} or {@code name@latest}. */
    public static VersionRef parse(String reference) {
        if (reference == null) {
            throw new InvalidInputException("a model reference is name:version or name@latest");
        }
        int at = reference.lastIndexOf('@');
        if (at > 0 && reference.substring(at + 1).equals(LATEST)) {
            return new VersionRef(reference.substring(0, at), null);
        }
        int colon = reference.lastIndexOf(':');
        if (colon > 0) {
            return of(reference.substring(0, colon), reference.substring(colon + 1));
        }
        throw new InvalidInputException("a model reference is name:version or name@latest");
    }

    /** A name with a version string: a positive integer or {@code latest}. */
    public static VersionRef of(String name, String version) {
        if (LATEST.equals(version)) {
            return new VersionRef(name, null);
        }
        return new VersionRef(name, parseNumber(version));
    }

    public static int parseNumber(String version) {
        try {
            int n = Integer.parseInt(version);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new InvalidInputException("a version is a positive integer or 'latest'");
    }

    @Override
    public String toString() {
        return isLatest() ? name + "@" + LATEST : name + ":" + version;
    }
}
