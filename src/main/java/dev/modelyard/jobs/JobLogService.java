package dev.modelyard.jobs;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.jobs.internal.Job;
import dev.modelyard.jobs.internal.JobRunner;
import dev.modelyard.jobs.internal.JobWorkspace;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A job's log: the live file on this host while it runs here, the copy its node mirrors into the database while it
 * runs on another node (decision 021), the stored artifact once it ended.
 */
@Service
public class JobLogService {

    private final JobLookup lookup;
    private final JobWorkspace workspace;
    private final ArtifactService artifacts;
    private final dev.modelyard.jobs.internal.JobLogMirror logMirror;

    JobLogService(JobLookup lookup, JobWorkspace workspace, ArtifactService artifacts,
                  dev.modelyard.jobs.internal.JobLogMirror logMirror) {
        this.logMirror = logMirror;
        this.lookup = lookup;
        this.workspace = workspace;
        this.artifacts = artifacts;
    }

    /**
     * Reads the job's log from {@code offset}: the live file while the job runs, the stored log once it ended.
     * An empty chunk from a job that has ended means the log is complete.
     */
    @PreAuthorize("@ws.has('READER')")
    public LogReader.LogChunk readLog(String name, long offset, int maxBytes) {
        Job job = lookup.require(name);
        Path live = workspace.logFile(name);
        if (!job.status().isTerminal() && Files.exists(live)) {
            return LogReader.read(live, offset, maxBytes);
        }
        if (!job.status().isTerminal()) {
            // another node runs it: follow the copy that node mirrors into the database (decision 021)
            LogReader.LogChunk mirrored = logMirror.read(name, offset, maxBytes);
            if (mirrored.bytes().length > 0) {
                return mirrored;
            }
        }
        Optional<ArtifactFile> stored = storedLog(name);
        if (stored.isEmpty() || offset >= stored.get().size()) {
            if (!job.status().isTerminal() && Files.exists(live)) {
                return LogReader.read(live, offset, maxBytes);
            }
            return new LogReader.LogChunk(new byte[0], offset);
        }
        ArtifactFile log = stored.get();
        int length = (int) Math.min(maxBytes, log.size() - offset);
        try (InputStream in = artifacts.open(log, offset, length)) {
            return new LogReader.LogChunk(in.readNBytes(length), offset + length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the stored log", e);
        }
    }

    private Optional<ArtifactFile> storedLog(String name) {
        return lookup.artifactsManifest(name).flatMap(id -> artifacts.file(id, JobRunner.LOG_PATH));
    }
}
