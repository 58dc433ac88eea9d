package dev.modelyard.mlflow;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.PayloadTooLargeException;
import dev.modelyard.base.StorageUnavailableException;
import dev.modelyard.models.ModelExistsException;
import dev.modelyard.models.VersionConflictException;
import dev.modelyard.search.QuerySyntaxException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every failure on the MLflow surface as MLflow does: {@code {"error_code", "message"}} with the status of
 * MLflow's table; never a stack trace or a server path.
 */
@RestControllerAdvice(basePackages = "dev.modelyard.mlflow")
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(MlflowErrorHandler.class);

    static ResponseEntity<Map<String, String>> error(ErrorCode code, String message) {
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error_code", code.name(), "message", message));
    }

    @ExceptionHandler(MlflowException.class)
    ResponseEntity<Map<String, String>> mlflow(MlflowException e) {
        return error(e.code(), e.getMessage());
    }

    @ExceptionHandler({ModelExistsException.class, VersionConflictException.class,
            dev.modelyard.jobs.ExperimentExistsException.class})
    ResponseEntity<Map<String, String>> exists(RuntimeException e) {
        return error(ErrorCode.RESOURCE_ALREADY_EXISTS, e.getMessage());
    }

    @ExceptionHandler({InvalidInputException.class, QuerySyntaxException.class, PayloadTooLargeException.class})
    ResponseEntity<Map<String, String>> invalid(RuntimeException e) {
        return error(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return error(ErrorCode.RESOURCE_DOES_NOT_EXIST, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Map<String, String>> conflict(ConflictException e) {
        return error(ErrorCode.RESOURCE_CONFLICT, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, String>> denied(AccessDeniedException e) {
        return error(ErrorCode.PERMISSION_DENIED, "your role does not allow this");
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<Map<String, String>> storage(StorageUnavailableException e) {
        log.error("Object storage failed", e);
        return error(ErrorCode.TEMPORARILY_UNAVAILABLE, "object storage is unavailable; nothing was changed");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Map<String, String>> malformed(Exception e) {
        return error(ErrorCode.MALFORMED_REQUEST, "the request body is not the JSON this endpoint takes");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, String>> method(HttpRequestMethodNotSupportedException e) {
        return error(ErrorCode.ENDPOINT_NOT_FOUND, "this endpoint does not take " + e.getMethod());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        log.error("Unexpected MLflow API failure", e);
        return error(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred; it has been logged");
    }
}
