package dev.modelyard.models.formats;

import java.math.BigInteger;

/**
 * A scalar as written: a string (escapes decoded), an integer ({@link BigInteger}, so range checks
 * belong to whoever knows the field's type), a float ({@link Double}), or an identifier such as an
 * enum value or {@code true}.
 */
record PbtxtScalar(Kind kind, Object value, int line, int column) implements PbtxtValue {

    enum Kind { STRING, INTEGER, FLOAT, IDENTIFIER }

    /** How the value reads in an error message. */
    String show() {
        return kind == Kind.STRING ? "\"" + value + "\"" : String.valueOf(value);
    }
}
