package dev.modelyard.artifacts;

import dev.modelyard.artifacts.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.modelyard.base.startup.StartupTask;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the orphan cleanup at start, as the last start-up task (decision 019): what a crash left claimed and never
 * referenced is gone before any registration is let in, so the sweep never runs beside the first requests. Then
 * every {@code modelyard.storage.cleanup-interval}.
 */
@Component
@Order(30)
class ArtifactCleanupJob implements StartupTask {

    private static final Logger log = LoggerFactory.getLogger(ArtifactCleanupJob.class);

    private final ArtifactService artifacts;
    private final StorageProperties storage;

    ArtifactCleanupJob(ArtifactService artifacts, StorageProperties storage) {
        this.artifacts = artifacts;
        this.storage = storage;
    }

    @Override
    public void runAtStart() {
        run();
    }

    @Scheduled(initialDelayString = "${modelyard.storage.cleanup-interval:15m}",
            fixedDelayString = "${modelyard.storage.cleanup-interval:15m}")
    void periodically() {
        run();
    }

    private void run() {
        try {
            CleanupReport report = artifacts.cleanup(storage.orphanGrace());
            int uploads = artifacts.abortIncompleteUploads(storage.orphanGrace());
            if (uploads > 0) {
                log.info("Cleanup aborted {} incomplete multipart uploads", uploads);
            }
            if (report.blobsDeleted() > 0 || report.stagingDirsDeleted() > 0) {
                log.info("Cleanup removed {} orphan blobs ({} bytes) and {} stale staging folders",
                        report.blobsDeleted(), report.bytesFreed(), report.stagingDirsDeleted());
            }
        } catch (RuntimeException e) {
            log.warn("Orphan cleanup failed; it will run again: {}", e.toString());
        }
    }
}
