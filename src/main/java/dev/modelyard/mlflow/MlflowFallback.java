package dev.modelyard.mlflow;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any other path or method under an MLflow prefix: ENDPOINT_NOT_FOUND, as MLflow's server answers. */
@RestController
class MlflowFallback {

    @RequestMapping({MlflowPaths.API + "/**", MlflowPaths.AJAX + "/**", MlflowPaths.PREVIEW + "/**",
            MlflowPaths.WS_API + "/**", MlflowPaths.WS_AJAX + "/**", MlflowPaths.WS_PREVIEW + "/**"})
    ResponseEntity<Map<String, String>> unknown() {
        return MlflowErrorHandler.error(ErrorCode.ENDPOINT_NOT_FOUND, "this MLflow endpoint is not served by Modelyard; "
                + "see the README's MLflow coverage table");
    }
}
