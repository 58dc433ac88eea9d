package dev.modelyard.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leases on running jobs, so several Modelyard nodes can share one database (docs/decisions/021-jobs-across-nodes.md).
 *
 * @param nodeName   this node's name, stable across its restarts (null: the host name); two nodes on one host need
 *                   different names
 * @param duration   how long a lease lasts unless renewed: a node that stops is noticed within this time plus
 *                   {@code renewEvery}
 * @param renewEvery how often a node renews the leases of the jobs it runs, and looks for lapsed ones
 */
@ConfigurationProperties("modelyard.jobs.lease")
public record JobLeaseProperties(String nodeName,
                                 @DefaultValue("30s") Duration duration,
                                 @DefaultValue("10s") Duration renewEvery) {

    public JobLeaseProperties {
        if (duration.compareTo(renewEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("modelyard.jobs.lease.duration must be at least twice renew-every, so one "
                    + "late renewal does not lose a lease");
        }
    }
}
