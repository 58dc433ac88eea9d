package dev.modelyard.models.formats;

/** A protobuf text-format file is malformed at a known line and column; the message starts with both. */
final class PbtxtException extends RuntimeException {

    PbtxtException(int line, int column, String problem) {
        // No stack trace: this reports bad input, not a bug, and hostile input could make many of them.
        super("line " + line + ", column " + column + ": " + problem, null, false, false);
    }
}
