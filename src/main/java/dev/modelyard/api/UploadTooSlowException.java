package dev.modelyard.api;

/** A registration upload arrived slower than {@link UploadRateProperties} allows; answered 408, connection closed. */
class UploadTooSlowException extends RuntimeException {
    UploadTooSlowException(String message) {
        super(message);
    }
}
