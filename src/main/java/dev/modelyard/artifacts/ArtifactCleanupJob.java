package dev.modelyard.artifacts;

import dev.modelyard.artifacts.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the orphan cleanup once the application is up, then every {@code modelyard.storage.cleanup-interval}. */
@Component
class ArtifactCleanupJob {

    private static final Logger log = LoggerFactory.getLogger(ArtifactCleanupJob.class);

    private final ArtifactService artifacts;
    private final StorageProperties storage;

    ArtifactCleanupJob(ArtifactService artifacts, StorageProperties storage) {
        this.artifacts = artifacts;
        this.storage = storage;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
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
