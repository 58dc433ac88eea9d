package dev.modelyard.base;

/**
 * The caller sent something we refuse; the message is safe to show to that caller as it is.
 * {@link #field()} names the input it concerns, so a form can show the message beside that field.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String message) {
        this(null, message);
    }

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field this error concerns, or null when it concerns the request as a whole. */
    public String field() {
        return field;
    }
}
