package dev.modelyard.jobs;

import dev.modelyard.base.JsonMaps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.SqlLike;
import dev.modelyard.jobs.internal.Experiment;
import dev.modelyard.jobs.internal.ExperimentRepository;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.jobs.internal.JobSecrets;
import dev.modelyard.workspaces.CurrentWorkspace;
import jakarta.persistence.criteria.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Reading jobs: one job with its history, listings, experiment names, compute targets and their load. */
@Service
public class JobQueryService {

    private final JobLookup lookup;
    private final JobRepository jobs;
    private final ExperimentRepository experiments;
    private final ComputeRegistry computes;
    private final JobQueue queue;
    private final ModelyardProperties modelyard;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final JobSecrets secrets;

    JobQueryService(JobLookup lookup, JobRepository jobs, ExperimentRepository experiments,
                    ComputeRegistry computes, ModelyardProperties modelyard, TransactionTemplate transactions,
                    ObjectMapper json, JobSecrets secrets, JobQueue queue) {
        this.queue = queue;
        this.lookup = lookup;
        this.jobs = jobs;
        this.experiments = experiments;
        this.computes = computes;
        this.modelyard = modelyard;
        this.transactions = transactions;
        this.json = json;
        this.secrets = secrets;
    }

    @PreAuthorize("@ws.has('READER')")
    public JobDetails get(String name) {
        return transactions.execute(tx -> details(lookup.require(name)));
    }

    /** Jobs, newest first, within the listing time budget. */
    @PreAuthorize("@ws.has('READER')")
    @org.springframework.transaction.annotation.Transactional(readOnly = true,
            timeoutString = dev.modelyard.base.QueryBudget.TIMEOUT)
    public Slice<JobSummary> list(JobFilter filter, Pageable page) {
        Pageable newestFirst = PageRequest.of(page.getPageNumber(), page.getPageSize(), Sort.by(Sort.Direction.DESC, "id"));
        return transactions.execute(tx -> jobs.findAll(spec(filter), newestFirst).map(JobQueryService::summary));
    }

    /** Experiment names, for filters and the submit dialog. */
    @PreAuthorize("@ws.has('READER')")
    public List<String> experimentNames() {
        return transactions.execute(tx -> experiments.findAllNames(CurrentWorkspace.id()));
    }

    /** Compute targets with how busy each is. */
    @PreAuthorize("@ws.has('READER')")
    public List<ComputeTarget> computes() {
        return computes.all(CurrentWorkspace.id()).stream()
                .map(c -> new ComputeTarget(c.name(), c.kind(), c.slots(), c.running(), c.queued())).toList();
    }

    /** The variables as everyone sees them: secret values masked, never opened here. */
    private static Map<String, String> withMaskedSecrets(Map<String, String> plain, List<String> secretNames) {
        Map<String, String> shown = new java.util.TreeMap<>(plain);
        secretNames.forEach(name -> shown.put(name, SubmitJobCommand.MASK));
        return shown;
    }

    private JobDetails details(Job j) {
        List<String> secretNames = j.secretVariables() == null ? List.of()
                : new TreeSet<>(secrets.open(j.secretVariables()).keySet()).stream().toList();
        // the place among the target's Queued jobs over all nodes: the queue is the job table (decision 021)
        Integer position = j.status() == JobStatus.QUEUED ? queue.position(j.workspaceId(), j.compute(), j.name())
                .stream().boxed().findFirst().orElse(null) : null;
        return new JobDetails(j.name(), j.displayName(), j.experiment().name(), j.description(), j.status(),
                j.statusReason(), j.history().stream().map(h -> new JobDetails.StatusChange(h.status(), h.at())).toList(),
                j.exitCode(), j.command(), j.environmentName() + ":" + j.environmentVersion(), j.compute(),
                withMaskedSecrets(JsonMaps.read(json, j.variablesJson(), "stored job settings"), secretNames),
                j.timeoutSeconds(), studioUrl(j.name()), j.createdBy(), j.createdAt(), j.startedAt(), j.endedAt(),
                JsonMaps.read(json, j.tagsJson(), "stored job settings"), position, notStored(j.notStoredJson()),
                j.notStoredCount(), secretNames);
    }

    private String studioUrl(String name) {
        String base = modelyard.publicUrl() == null ? "" : modelyard.publicUrl().replaceAll("/+$", "");
        return base + "/w/" + CurrentWorkspace.name() + "/jobs/" + name;
    }

    private static JobSummary summary(Job j) {
        return new JobSummary(j.name(), j.displayName(), j.experiment().name(), j.status(), j.compute(), j.createdBy(),
                j.createdAt(), j.startedAt(), j.endedAt(), !j.isExternal());
    }

    private static Specification<Job> spec(JobFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(root.get("workspaceId"), CurrentWorkspace.id()));
            if (filter.experiment() != null && !filter.experiment().isBlank()) {
                where.add(cb.equal(root.join("experiment").get("nameKey"), Experiment.keyOf(filter.experiment())));
            }
            if (filter.status() != null) {
                where.add(cb.equal(root.get("status"), filter.status()));
            }
            if (filter.text() != null && !filter.text().isBlank()) {
                String like = SqlLike.containing(filter.text().toLowerCase(Locale.ROOT));
                where.add(cb.or(cb.like(cb.lower(root.get("name")), like, '\\'),
                        cb.like(cb.lower(root.get("displayName")), like, '\\')));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private List<NotStoredFile> notStored(String value) {
        if (value == null) {
            return List.of();
        }
        try {
            return json.readValue(value, new TypeReference<List<NotStoredFile>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored list of refused outputs is unreadable", e);
        }
    }
}
