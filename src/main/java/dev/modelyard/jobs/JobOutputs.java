package dev.modelyard.jobs;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobRepository;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.models.ModelSourceResolver;
import dev.modelyard.models.ResolvedSource;
import dev.modelyard.models.VersionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves {@code azureml://jobs/<job>/outputs/artifacts/paths/<path>} and {@code jobs:/<job>/<path>} to the
 * files the job left under that path, re-rooted there, so a version can be registered from them.
 */
@Component
class JobOutputs implements ModelSourceResolver {

    private final JobRepository jobs;
    private final ArtifactService artifacts;

    JobOutputs(JobRepository jobs, ArtifactService artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    @Override
    public boolean supports(String reference) {
        return reference != null && (reference.startsWith("azureml://jobs/") || reference.startsWith("jobs:/"));
    }

    @Override
    @Transactional(readOnly = true)
    public ResolvedSource resolve(String reference) {
        JobReference ref = JobReference.parse(reference);
        Job job = jobs.findVisible(CurrentWorkspace.id(), ref.job()).orElseThrow(() -> new JobNotFoundException(ref.job()));
        List<ArtifactFile> all = job.artifactsManifestId() == null ? List.of() : artifacts.files(job.artifactsManifestId());
        String prefix = ref.path() + "/";
        List<ArtifactFile> chosen = new ArrayList<>();
        for (ArtifactFile f : all) {
            if (f.path().startsWith(prefix)) {
                chosen.add(new ArtifactFile(f.path().substring(prefix.length()), f.size(), f.sha256(), f.mediaType()));
            } else if (f.path().equals(ref.path())) {
                chosen.add(new ArtifactFile(f.path().substring(f.path().lastIndexOf('/') + 1), f.size(), f.sha256(),
                        f.mediaType()));
            }
        }
        if (chosen.isEmpty()) {
            throw new MissingJobPathException(ref, paths(all));
        }
        return new ResolvedSource(VersionSource.job(ref.job(), ref.path()), chosen);
    }

    /** Every folder (with a trailing '/') and file path among the job's artifacts, at most 50. */
    static List<String> paths(List<ArtifactFile> files) {
        TreeSet<String> paths = new TreeSet<>();
        for (ArtifactFile f : files) {
            String p = f.path();
            int slash = p.indexOf('/');
            while (slash > 0) {
                paths.add(p.substring(0, slash + 1));
                slash = p.indexOf('/', slash + 1);
            }
            paths.add(p);
        }
        return new ArrayList<>(paths).subList(0, Math.min(paths.size(), 50));
    }
}
