package dev.modelyard.jobs;

import dev.modelyard.jobs.RunRecords.ExperimentDetails;
import dev.modelyard.jobs.RunRecords.RunDetails;
import dev.modelyard.jobs.internal.RunQueries;
import dev.modelyard.workspaces.CurrentWorkspace;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * MLflow's tracking searches over the current workspace: runs by their metrics, params, tags, datasets and
 * attributes, and experiments by name, tags and times (docs/decisions/014-mlflow-compatibility.md).
 */
@Service
public class RunSearchService {

    private final RunQueries queries;
    private final RunDetailsReader reader;

    RunSearchService(RunQueries queries, RunDetailsReader reader) {
        this.queries = queries;
        this.reader = reader;
    }

    /** Runs of the experiments (ids of this workspace) in the lifecycle stages that match the search, in its order. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<RunDetails> runs(Collection<Long> experimentIds, Set<String> stages, TrackingSearch search) {
        if (experimentIds.isEmpty()) {
            return List.of();
        }
        return reader.all(queries.runs(CurrentWorkspace.id(), experimentIds, stages, search));
    }

    /** Experiments in the lifecycle stages that match the search, in its order. */
    @PreAuthorize("@ws.has('READER')")
    @Transactional(readOnly = true)
    public List<ExperimentDetails> experiments(Set<String> stages, TrackingSearch search) {
        return queries.experiments(CurrentWorkspace.id(), stages, search).stream().map(RunService::details).toList();
    }
}
