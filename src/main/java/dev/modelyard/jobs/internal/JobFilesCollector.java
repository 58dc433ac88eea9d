package dev.modelyard.jobs.internal;

import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.artifacts.StoredFiles;
import dev.modelyard.jobs.NotStoredFile;
import dev.modelyard.jobs.execution.LinkSafeFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Stores what a job left, keeping what it can: the log first (so no cap on outputs can crowd it out), then every
 * file under {@code outputs/}, each read without following links (see {@link LinkSafeFiles}). A file that cannot
 * be stored as it is (its name, a link, a cap) is listed by name with the reason and the rest are stored anyway.
 */
@Component
public class JobFilesCollector {

    /** How many refusals are recorded by name; the count covers all. */
    public static final int MAX_LISTED = 500;
    private static final int MAX_LISTED_PATH = 1024;

    private final ArtifactService artifacts;
    private final JobWorkspace workspace;
    private volatile LinkSafeFiles files = new LinkSafeFiles();

    JobFilesCollector(ArtifactService artifacts, JobWorkspace workspace) {
        this.artifacts = artifacts;
        this.workspace = workspace;
    }

    /** What was stored (not yet bound into a manifest) and what was refused. */
    public record Collected(StoredFiles stored, List<NotStoredFile> notStored, int notStoredCount) {
    }

    /**
     * Stages and stores the job's log and outputs. Throws only when storing as a whole fails (the object store or
     * the staging disk), never for anything the job left.
     */
    public Collected collect(String jobName) throws IOException {
        Refusals refusals = new Refusals();
        try (StagedUpload staged = artifacts.stage()) {
            LinkSafeFiles.Visitor visitor = new LinkSafeFiles.Visitor() {
                @Override
                public void file(String path, long size, InputStream content) {
                    Optional<String> refused = staged.offerFile(path, content);
                    refused.ifPresent(reason -> refusals.add(path, reason));
                }

                @Override
                public void refused(String path, String reason) {
                    refusals.add(path, reason);
                }
            };
            files.readFile(workspace.root(), jobName + "/" + JobWorkspace.LOG_FILE, JobRunner.LOG_PATH, visitor);
            files.walk(workspace.root(), jobName + "/work/outputs", "outputs/", visitor);
            StoredFiles stored = artifacts.store(staged);
            return new Collected(stored, List.copyOf(refusals.listed), refusals.count);
        }
    }

    /** For tests: a walker with a hook between listing a folder and reading it. */
    void useFiles(LinkSafeFiles files) {
        this.files = files;
    }

    private static final class Refusals {
        final List<NotStoredFile> listed = new ArrayList<>();
        int count;

        void add(String path, String reason) {
            count++;
            if (listed.size() < MAX_LISTED) {
                String shown = path.length() > MAX_LISTED_PATH ? path.substring(0, MAX_LISTED_PATH) + "…" : path;
                listed.add(new NotStoredFile(shown, reason));
            }
        }
    }
}
