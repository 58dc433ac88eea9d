package dev.modelyard.jobs;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job execution settings.
 *
 * @param localSlots     jobs the local compute target runs at once (0: one per core)
 * @param defaultTimeout timeout of a job that names none
 * @param maxTimeout     the longest timeout a job may ask for
 * @param killGrace      time between SIGTERM and SIGKILL when a job is canceled or times out
 * @param runAsUser      local OS account job processes run as when Modelyard runs as root (null: Modelyard's own)
 * @param workDir        where running jobs' folders live (null: {@code <data>/jobs}); with {@code runAsUser} it must
 *                       lie outside the data directory, which is private to Modelyard
 */
@ConfigurationProperties("modelyard.jobs")
@Validated
public record JobsProperties(@Min(0) @DefaultValue("0") int localSlots,
                             @DefaultValue("6h") Duration defaultTimeout,
                             @DefaultValue("7d") Duration maxTimeout,
                             @DefaultValue("10s") Duration killGrace,
                             String runAsUser,
                             java.nio.file.Path workDir) {

    public int effectiveLocalSlots() {
        return localSlots > 0 ? localSlots : Runtime.getRuntime().availableProcessors();
    }
}
