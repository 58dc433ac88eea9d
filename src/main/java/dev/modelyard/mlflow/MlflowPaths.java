package dev.modelyard.mlflow;

/**
 * Every prefix an MLflow client or the MLflow web UI may put before an endpoint. The per-workspace forms are the
 * tracking URI {@code http://host/mlflow/<workspace>}; the web layer binds the workspace from {@code {workspace}}.
 */
final class MlflowPaths {

    static final String API = "/api/2.0/mlflow";
    static final String AJAX = "/ajax-api/2.0/mlflow";
    static final String PREVIEW = "/api/2.0/preview/mlflow";
    static final String WS_API = "/mlflow/{workspace}/api/2.0/mlflow";
    static final String WS_AJAX = "/mlflow/{workspace}/ajax-api/2.0/mlflow";
    static final String WS_PREVIEW = "/mlflow/{workspace}/api/2.0/preview/mlflow";

    private MlflowPaths() {
    }
}
