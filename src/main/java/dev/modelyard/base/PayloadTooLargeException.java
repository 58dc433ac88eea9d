package dev.modelyard.base;

/** An upload went past one of the configured caps. */
public class PayloadTooLargeException extends InvalidInputException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
