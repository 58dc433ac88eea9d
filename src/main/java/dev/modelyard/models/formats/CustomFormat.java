package dev.modelyard.models.formats;

/** A custom model has no descriptor to read, so there is nothing to keep beyond the fact that it was checked. */
public record CustomFormat() implements FormatInfo {
}
