/**
 * The MLflow-compatible REST surface (/api/2.0/mlflow/**, its ajax and preview twins, and the per-workspace
 * tracking URIs /mlflow/{workspace}/…): snake_case wire records, handlers and the error_code mapping, all
 * adapters over the feature services (docs/decisions/014-mlflow-compatibility.md).
 */
package dev.modelyard.mlflow;
