package dev.modelyard.jobs.envspec;

/** A spec refused before anything runs; the message names the input and the line, and is safe to show. */
public class SpecException extends RuntimeException {

    private final String field;

    public SpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** requirements, conda, variables or interpreter. */
    public String field() {
        return field;
    }
}
