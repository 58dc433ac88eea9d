package dev.modelyard.azureml;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.search.QuerySyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures on the ARM surface in ARM's shape, {@code {"error": {"code", "message", "innerError": {"code"}}}}, with the
 * status azure-core maps to its exceptions (404: ResourceNotFoundError, 409: ResourceExistsError...). Never a stack
 * trace or a server path.
 */
@RestControllerAdvice(assignableTypes = {ArmWorkspaceController.class, ArmModelController.class,
        ArmJobController.class, ArmCodeController.class, RunHistoryController.class, DiscoveryController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ArmErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ArmErrorHandler.class);

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String inner, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", Map.of("code", inner));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", error));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "UserError", "NotFoundError", e.getMessage());
    }

    @ExceptionHandler({InvalidInputException.class, QuerySyntaxException.class})
    ResponseEntity<Map<String, Object>> invalid(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "UserError", "BadArgument", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "UserError", "BadArgument", "the request body is not the JSON this resource takes");
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Map<String, Object>> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, "UserError", "Conflict", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> denied(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "AuthorizationFailed", "AuthorizationFailed",
                "your role in this workspace does not allow this");
    }

    @ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(Exception e) {
        return error(HttpStatus.NOT_FOUND, "UserError", "NotFoundError", "this server has no such Azure ML resource");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("Unexpected failure on the Azure ML surface", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "SystemError", "InternalServerError",
                "the server failed; the administrator finds the cause in its log");
    }
}
