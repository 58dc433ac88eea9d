package dev.modelyard.search;

import dev.modelyard.base.SafeText;
import dev.modelyard.search.QueryNode.CreatedCompare;
import dev.modelyard.search.QueryNode.Field;
import dev.modelyard.search.QueryNode.FieldCompare;
import dev.modelyard.search.QueryNode.Not;
import dev.modelyard.search.QueryNode.Op;
import dev.modelyard.search.QueryNode.TagCompare;
import dev.modelyard.search.QueryNode.TagExists;
import dev.modelyard.search.QueryNode.TagNumber;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Turns the pieces of one lexed term into a leaf node, checking keys, operators and values against their target. */
final class Conditions {

    /**
     * The wire names of the model types. Copied rather than taken from {@code models.ModelType} because the
     * models feature will depend on search, and an arrow back would be a cycle; a test keeps the two in step.
     */
    static final List<String> MODEL_TYPES = List.of("mlflow_model", "custom_model", "triton_model");

    /** No leading '+', no bare '.5' or '5.', no NaN or Infinity: what tag values written by people look like. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final int SHOWN = 60;

    /** A key as written: its text without quotes or {@code tag:}, where it starts, and how it was written. */
    record Key(String text, int pos, boolean quoted, boolean tagPrefix) {
    }

    /** A value as written: its text without quotes, where it starts, and whether it was quoted. */
    record Value(String text, int pos, boolean quoted) {
    }

    private Conditions() {
    }

    static QueryNode exists(Key key) {
        return new TagExists(tagKey(key));
    }

    static QueryNode compare(Key key, Op op, int opPos, Value value) {
        // Quoting a key or prefixing it with tag: is how users reach a tag that shares a built-in field's name.
        if (!key.quoted() && !key.tagPrefix()) {
            if (key.text().equals(QueryChars.CREATED)) {
                return created(op, opPos, value);
            }
            var field = Field.fromQueryName(key.text());
            if (field.isPresent()) {
                return field(field.get(), op, opPos, value);
            }
        }
        String tag = tagKey(key);
        if (op.isOrdering()) {
            return new TagNumber(tag, op, number(op, value));
        }
        // key=* is the documented spelling of "has the tag"; a quoted "*" stays a literal star.
        if (!value.quoted() && value.text().equals("*")) {
            if (op == Op.EQ) {
                return new TagExists(tag);
            }
            if (op == Op.NE) {
                return new Not(new TagExists(tag));
            }
        }
        return new TagCompare(tag, op, value.text());
    }

    private static String tagKey(Key key) {
        String text = key.text();
        if (key.quoted()) {
            if (text.isEmpty()) {
                throw new QuerySyntaxException(key.pos(), "empty tag key");
            }
            if (text.length() > QueryChars.MAX_KEY) {
                throw new QuerySyntaxException(key.pos(), "a tag key has at most " + QueryChars.MAX_KEY + " characters");
            }
            return text;
        }
        if (!QueryChars.TAG_KEY.matcher(text).matches()) {
            throw new QuerySyntaxException(key.pos(), "invalid tag key " + SafeText.quote(text, SHOWN) + ": "
                    + QueryChars.TAG_KEY_RULE);
        }
        return text;
    }

    private static QueryNode field(Field field, Op op, int opPos, Value value) {
        if (op.isOrdering()) {
            throw new QuerySyntaxException(opPos, "'" + field.queryName() + "' takes =, !=, ~ or !~, not '"
                    + op.symbol() + "'");
        }
        if (field == Field.TYPE && !op.isGlob() && !MODEL_TYPES.contains(value.text())) {
            throw new QuerySyntaxException(value.pos(), "unknown model type " + SafeText.quote(value.text(), SHOWN)
                    + "; use " + String.join(", ", MODEL_TYPES));
        }
        return new FieldCompare(field, op, value.text());
    }

    private static QueryNode created(Op op, int opPos, Value value) {
        if (op.isGlob()) {
            throw new QuerySyntaxException(opPos, "'created' takes =, !=, >, >=, < or <=, not '" + op.symbol() + "'");
        }
        String text = value.text();
        if (DATE.matcher(text).matches()) {
            LocalDate day = day(text, value.pos());
            // A date names a whole day but = would match its first nanosecond only, which nobody means.
            if (op == Op.EQ || op == Op.NE) {
                throw new QuerySyntaxException(opPos, "compare a date with >, >=, < or <=; for that whole day write "
                        + "created>=" + day + " created<" + day.plusDays(1));
            }
            return new CreatedCompare(op, day.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return new CreatedCompare(op, instant(op, value));
    }

    private static LocalDate day(String text, int pos) {
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw new QuerySyntaxException(pos, SafeText.quote(text, SHOWN) + " is not a valid date");
        }
    }

    private static Instant instant(Op op, Value value) {
        String text = value.text();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            if (isLocalDateTime(text)) {
                // Guessing a zone would shift results by hours without the user noticing.
                throw new QuerySyntaxException(value.pos(), SafeText.quote(text, SHOWN)
                        + " has no time zone; add Z for UTC or an offset such as +02:00");
            }
            throw new QuerySyntaxException(value.pos(), "expected a date (2026-01-31) or an instant "
                    + "(2026-01-31T10:00:00Z) after '" + op.symbol() + "', found " + SafeText.quote(text, SHOWN));
        }
    }

    private static boolean isLocalDateTime(String text) {
        try {
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static double number(Op op, Value value) {
        String text = value.text();
        if (!NUMBER.matcher(text).matches()) {
            throw new QuerySyntaxException(value.pos(), "expected a number after '" + op.symbol() + "', found "
                    + SafeText.quote(text, SHOWN));
        }
        double number = Double.parseDouble(text);
        if (!Double.isFinite(number)) {
            throw new QuerySyntaxException(value.pos(), "number " + SafeText.quote(text, SHOWN) + " is too large");
        }
        return number;
    }
}
