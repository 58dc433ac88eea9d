package dev.modelyard.artifacts.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code storage} in /actuator/health: asks the object store whether the bucket exists, and reports DOWN when
 * it does not answer within {@code modelyard.storage.health-timeout}, so a hung S3 server cannot hold the
 * health endpoint (docs/decisions/012-production-profile-and-backups.md).
 */
@Component("storage")
class StorageHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final BlobStore store;
    private final StorageProperties properties;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "storage-health");
        t.setDaemon(true);
        return t;
    });

    StorageHealthIndicator(BlobStore store, StorageProperties properties) {
        super("object storage health check failed");
        this.store = store;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        CompletableFuture<Void> probe = CompletableFuture.runAsync(store::checkAvailable, probes);
        try {
            probe.get(properties.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            builder.up().withDetail("bucket", properties.bucket()).withDetail("mode", properties.mode());
        } catch (TimeoutException e) {
            probe.cancel(true);
            builder.down().withDetail("error", "no answer within " + properties.healthTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            builder.down().withDetail("error", e.getCause().getMessage());
        }
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }
}
