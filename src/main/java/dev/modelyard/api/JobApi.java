package dev.modelyard.api;

import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.RequiresWorkspaceRole;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.AttachmentHeaders;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.jobs.EnvironmentCheck;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobFilter;
import dev.modelyard.jobs.JobLogService;
import dev.modelyard.jobs.JobOutputService;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobSummary;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.jobs.execution.LogReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Command jobs, environments and computes. */
@RestController
@RequestMapping({"/api/v1", "/api/v1/workspaces/{workspace}"})
@Tag(name = "Jobs")
class JobApi {

    private static final int LOG_CHUNK = 64 * 1024;
    /** How often a followed log is checked for new lines; the job's own pace is the real limit. */
    private static final long FOLLOW_POLL_MS = 250;

    private final JobService jobs;
    private final JobQueryService queries;
    private final JobLogService logs;
    private final JobOutputService outputs;
    private final EnvironmentService environments;
    private final ArtifactService artifacts;
    private final ObjectMapper json;

    JobApi(JobService jobs, JobQueryService queries, JobLogService logs, JobOutputService outputs,
           EnvironmentService environments, ArtifactService artifacts, ObjectMapper json) {
        this.jobs = jobs;
        this.queries = queries;
        this.logs = logs;
        this.outputs = outputs;
        this.environments = environments;
        this.artifacts = artifacts;
        this.json = json;
    }

    @Operation(summary = "Submit a command job: multipart 'spec' (JSON) and the code as 'files' and/or one 'archive'")
    @PostMapping(path = "/jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresWorkspaceRole(AppRole.CONTRIBUTOR)
    ResponseEntity<JobDetails> submit(@RequestPart("spec") String spec,
                                      @RequestPart(value = "files", required = false) List<MultipartFile> files,
                                      @RequestPart(value = "archive", required = false) MultipartFile archive) {
        SubmitJobCommand command;
        try {
            command = json.readValue(spec, SubmitJobCommand.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("spec", "spec is not valid JSON for a job: " + e.getOriginalMessage());
        }
        try (StagedUpload code = MultipartUpload.stage(artifacts, files, archive)) {
            JobDetails job = jobs.submit(command, code);
            return ResponseEntity.created(URI.create(ApiPaths.base() + "/jobs/" + job.name())).body(job);
        }
    }

    @Operation(summary = "Jobs, newest first")
    @GetMapping("/jobs")
    PageResponse<JobSummary> list(@RequestParam(required = false) String experiment,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(required = false) String q,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size) {
        JobFilter filter = new JobFilter(experiment, status == null ? null : JobStatus.fromWire(status), q);
        return PageResponse.of(queries.list(filter, PageResponse.pageable(page, size, null)));
    }

    @GetMapping("/jobs/{name}")
    JobDetails get(@PathVariable String name) {
        return queries.get(name);
    }

    @Operation(summary = "Request cancellation: a queued job ends at once, a running one gets SIGTERM then SIGKILL")
    @PostMapping("/jobs/{name}/cancel")
    ResponseEntity<JobDetails> cancel(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.cancel(name));
    }

    @Operation(summary = "The job's log as text; follow=true streams new lines until the job ends")
    @GetMapping(path = "/jobs/{name}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String name,
                                               @RequestParam(defaultValue = "false") boolean follow) {
        queries.get(name);
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY)
                .body(out -> {
                    long offset = 0;
                    while (true) {
                        LogReader.LogChunk chunk = logs.readLog(name, offset, LOG_CHUNK);
                        if (chunk.bytes().length > 0) {
                            out.write(chunk.bytes());
                            out.flush();
                            offset = chunk.nextOffset();
                            continue;
                        }
                        if (!follow || queries.get(name).status().isTerminal()
                                && logs.readLog(name, offset, 1).bytes().length == 0) {
                            return;
                        }
                        try {
                            Thread.sleep(FOLLOW_POLL_MS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
    }

    @Operation(summary = "What the job left: outputs/** and user_logs/std_log.txt")
    @GetMapping("/jobs/{name}/outputs")
    List<ArtifactFile> outputs(@PathVariable String name) {
        queries.get(name);
        return outputs.outputs(name);
    }

    @Operation(summary = "One file the job left, streamed, as an attachment")
    @GetMapping("/jobs/{name}/outputs/{*path}")
    ResponseEntity<StreamingResponseBody> output(@PathVariable String name, @PathVariable String path) {
        ArtifactFile file = outputs.output(name, path.startsWith("/") ? path.substring(1) : path);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_DISPOSITION,
                Attachments.contentDisposition(file.path().substring(file.path().lastIndexOf('/') + 1)));
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.set(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY);
        headers.setContentLength(file.size());
        return ResponseEntity.ok().headers(headers).body(out -> {
            try (InputStream in = file.size() == 0 ? InputStream.nullInputStream() : artifacts.open(file)) {
                in.transferTo(out);
            }
        });
    }

    @GetMapping("/environments")
    List<EnvironmentDetails> environments() {
        return environments.list();
    }

    @Operation(summary = "Whether this host provides what the environment promises")
    @GetMapping("/environments/{reference}/check")
    EnvironmentCheck check(@PathVariable String reference) {
        return environments.check(reference);
    }

    // compute targets: ComputeApi
}
