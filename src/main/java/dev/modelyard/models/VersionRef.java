package dev.modelyard.models;

import dev.modelyard.base.InvalidInputException;

/**
 * A reference to one version: {@code name:3}, {@code name@latest}, {@code name@<alias>}, or a name with a
 * separate version string ({@code "3"}, {@code "latest"} or {@code "@champion"}).
 *
 * @param version the number, or null for the latest non-archived version (or when {@code alias} is set)
 * @param alias   an alias that names the version, or null
 */
public record VersionRef(String name, Integer version, String alias) {

    public static final String LATEST = "latest";

    public VersionRef(String name, Integer version) {
        this(name, version, null);
    }

    public static VersionRef alias(String name, String alias) {
        return new VersionRef(name, null, alias);
    }

    public boolean isLatest() {
        return version == null && alias == null;
    }

    public boolean isAlias() {
        return alias != null;
    }

    /** Parses {@code name:version}, {@code name@latest} or {@code name@alias}. */
    public static VersionRef parse(String reference) {
        if (reference == null) {
            throw new InvalidInputException("a model reference is name:version, name@latest or name@alias");
        }
        int at = reference.lastIndexOf('@');
        if (at > 0 && at < reference.length() - 1) {
            String after = reference.substring(at + 1);
            return after.equals(LATEST) ? new VersionRef(reference.substring(0, at), null)
                    : alias(reference.substring(0, at), after);
        }
        int colon = reference.lastIndexOf(':');
        if (colon > 0) {
            return of(reference.substring(0, colon), reference.substring(colon + 1));
        }
        throw new InvalidInputException("a model reference is name:version, name@latest or name@alias");
    }

    /** A name with a version string: a positive integer, {@code latest}, or {@code @alias}. */
    public static VersionRef of(String name, String version) {
        if (LATEST.equals(version)) {
            return new VersionRef(name, null);
        }
        if (version != null && version.length() > 1 && version.startsWith("@")) {
            String alias = version.substring(1);
            return alias.equals(LATEST) ? new VersionRef(name, null) : alias(name, alias);
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
        throw new InvalidInputException("a version is a positive integer, 'latest' or '@alias'");
    }

    @Override
    public String toString() {
        return isAlias() ? name + "@" + alias : isLatest() ? name + "@" + LATEST : name + ":" + version;
    }
}
