package dev.modelyard.artifacts;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Caps on one upload (files and extracted archive entries together). */
@ConfigurationProperties("modelyard.upload")
@Validated
public record UploadProperties(
        @Min(1) @DefaultValue("10000") int maxEntries,
        @DefaultValue("20GB") DataSize maxTotalBytes,
        @Min(2) @DefaultValue("200") int maxCompressionRatio) {

    UploadLimits limits() {
        UploadLimits defaults = UploadLimits.defaults();
        return new UploadLimits(maxEntries, maxTotalBytes.toBytes(), maxTotalBytes.toBytes(), maxCompressionRatio,
                defaults.maxPathLength());
    }
}
