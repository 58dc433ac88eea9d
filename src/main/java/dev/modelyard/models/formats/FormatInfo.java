package dev.modelyard.models.formats;

/**
 * What was read from a validated upload. Stored as JSON without a type marker: the model type that
 * goes with it says which record to read it back as (see {@link ModelFormats#formatClass}).
 */
public sealed interface FormatInfo permits MlflowFormat, TritonFormat, CustomFormat {
}
