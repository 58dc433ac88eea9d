package dev.modelyard.artifacts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Bytes written to and read from the object store through the artifact layer:
 * {@code modelyard_artifacts_in_bytes_total} and {@code modelyard_artifacts_out_bytes_total} in Prometheus.
 */
@Component
class ArtifactMetrics {

    private final Counter bytesIn;
    private final Counter bytesOut;

    ArtifactMetrics(MeterRegistry registry) {
        bytesIn = Counter.builder("modelyard.artifacts.in").baseUnit(BaseUnits.BYTES)
                .description("bytes of new content written to the object store").register(registry);
        bytesOut = Counter.builder("modelyard.artifacts.out").baseUnit(BaseUnits.BYTES)
                .description("bytes read from the object store (downloads, zips, previews, job inputs)")
                .register(registry);
    }

    void written(long bytes) {
        bytesIn.increment(bytes);
    }

    /** Bytes that left without passing through a stream of ours (the kernel's sendfile). */
    void read(long bytes) {
        bytesOut.increment(bytes);
    }

    /** The stream, counting what is read from it into bytes out. */
    InputStream counted(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesOut.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytesOut.increment(n);
                }
                return n;
            }
        };
    }
}
