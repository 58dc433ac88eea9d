package dev.modelyard.jobs;

import dev.modelyard.TestUsers;
import dev.modelyard.security.AppRole;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits for a job's status through JobEvents (no sleeps): returns as soon as the predicate holds. Public for the
 * job views' tests in jobs.ui.
 */
public final class JobWaiter {

    private JobWaiter() {
    }

    public static JobDetails until(JobQueryService jobs, JobEvents events, String name, Predicate<JobStatus> wanted, Duration limit)
            throws InterruptedException {
        LinkedBlockingQueue<JobStatus> changes = new LinkedBlockingQueue<>();
        Runnable unsubscribe = events.subscribe(e -> {
            if (e.jobName().equals(name)) {
                changes.add(e.status());
            }
        });
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                JobDetails now = read(jobs, name);
                if (wanted.test(now.status())) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || changes.poll(left, TimeUnit.NANOSECONDS) == null) {
                    throw new AssertionError("job " + name + " did not reach the wanted status within " + limit
                            + "; it is " + read(jobs, name).status());
                }
            }
        } finally {
            unsubscribe.run();
        }
    }

    public static JobDetails read(JobQueryService jobs, String name) {
        JobDetails[] out = new JobDetails[1];
        TestUsers.runAs("waiter", AppRole.READER, () -> out[0] = jobs.get(name));
        return out[0];
    }

    /** The job's whole log as a reader sees it, read chunk by chunk through the log service. */
    public static String log(JobLogService logs, String name) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        dev.modelyard.TestUsers.runAs("reader", dev.modelyard.security.AppRole.READER, () -> {
            long offset = 0;
            while (true) {
                var chunk = logs.readLog(name, offset, 1 << 20);
                if (chunk.bytes().length == 0) {
                    return;
                }
                out.writeBytes(chunk.bytes());
                offset = chunk.nextOffset();
            }
        });
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
