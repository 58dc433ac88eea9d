package dev.modelyard.models;

import java.time.Instant;

/**
 * One set, move or delete of an alias.
 *
 * @param version the version it pointed to from then on, null once deleted
 */
public record AliasChange(String model, String alias, Integer version, Instant at, String by) {
}
