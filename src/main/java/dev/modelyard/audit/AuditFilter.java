package dev.modelyard.audit;

import java.time.Instant;

/**
 * What an audit listing shows; a null field does not filter.
 *
 * @param actor  exact user name
 * @param action an action ({@code model.version.archived}) or a prefix of dotted parts ({@code model.version}, {@code auth})
 * @param from   entries at or after this instant
 * @param to     entries before this instant
 */
public record AuditFilter(String actor, String action, Instant from, Instant to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    public AuditFilter withActor(String value) {
        return new AuditFilter(blankToNull(value), action, from, to);
    }

    public AuditFilter withAction(String value) {
        return new AuditFilter(actor, blankToNull(value), from, to);
    }

    public AuditFilter withRange(Instant fromValue, Instant toValue) {
        return new AuditFilter(actor, action, fromValue, toValue);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
