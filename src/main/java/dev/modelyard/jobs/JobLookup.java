package dev.modelyard.jobs;

import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Finding a job of the current workspace, shared by the job services (moved out of JobService as it was). */
@Component
class JobLookup {

    private final JobRepository jobs;
    private final TransactionTemplate transactions;

    JobLookup(JobRepository jobs, TransactionTemplate transactions) {
        this.jobs = jobs;
        this.transactions = transactions;
    }

    /** The job by name in the current workspace: a job elsewhere is 404, exactly as one that does not exist. */
    Job require(String name) {
        return jobs.findVisible(CurrentWorkspace.id(), name).orElseThrow(() -> new JobNotFoundException(name));
    }

    /** The manifest of what the job left, once it has ended. */
    Optional<Long> artifactsManifest(String name) {
        return Optional.ofNullable(transactions.execute(tx -> require(name).artifactsManifestId()));
    }
}
