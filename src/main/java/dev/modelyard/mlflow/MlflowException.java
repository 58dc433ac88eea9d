package dev.modelyard.mlflow;

/** A refusal the MLflow surface itself decides (a missing parameter, a bad filter or page token). */
class MlflowException extends RuntimeException {

    private final ErrorCode code;

    MlflowException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    static MlflowException invalid(String message) {
        return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    ErrorCode code() {
        return code;
    }
}
