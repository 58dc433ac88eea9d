package dev.modelyard.api;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.AttachmentHeaders;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** A version's files: the manifest, one file (with Range), and the whole version as a streamed zip. */
@RestController
@RequestMapping({"/api/v1/models/{name}/versions/{version}", "/api/v1/workspaces/{workspace}/models/{name}/versions/{version}"})
@Tag(name = "Model files")
class ModelFilesApi {

    private static final int BUFFER = 64 * 1024;
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final ModelService models;
    private final ArtifactService artifacts;

    ModelFilesApi(ModelService models, ArtifactService artifacts) {
        this.models = models;
        this.artifacts = artifacts;
    }

    @Operation(summary = "The version's file manifest")
    @GetMapping("/files")
    List<ArtifactFile> files(@PathVariable String name, @PathVariable String version) {
        return models.files(VersionRef.of(name, version));
    }

    @Operation(summary = "One file's bytes, as an attachment; a single Range is honoured. Answers 302 to a "
            + "short-lived URL of the object store instead when the operator enabled presigned downloads")
    @GetMapping("/files/{*path}")
    ResponseEntity<StreamingResponseBody> file(@PathVariable String name, @PathVariable String version,
                                               @PathVariable String path,
                                               @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
                                               HttpServletRequest request) {
        ArtifactFile file = models.file(VersionRef.of(name, version), path.startsWith("/") ? path.substring(1) : path);
        Optional<URI> presigned = artifacts.presignedDownload(file);
        if (presigned.isPresent()) {
            return ResponseEntity.status(HttpStatus.FOUND).location(presigned.get())
                    .cacheControl(CacheControl.noStore()).build();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_DISPOSITION, Attachments.contentDisposition(fileName(file.path())));
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.set(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY);
        headers.set("X-Content-SHA256", file.sha256());
        Optional<ByteRange> byteRange;
        try {
            byteRange = ByteRange.parse(range, file.size());
        } catch (ByteRange.UnsatisfiableRange e) {
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + file.size());
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).headers(headers).build();
        }
        if (byteRange.isPresent()) {
            ByteRange r = byteRange.get();
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + r.start() + "-" + r.endInclusive() + "/" + file.size());
            headers.setContentLength(r.length());
            if (sendfile(request, file, r.start(), r.endInclusive() + 1)) {
                return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).headers(headers).build();
            }
            // opened before the response starts, so an unreachable store is a 503 problem, not a cut-off body
            InputStream in = artifacts.open(file, r.start(), r.length());
            return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).headers(headers).body(out -> copy(in, out));
        }
        headers.setContentLength(file.size());
        if (file.size() > 0 && sendfile(request, file, 0, file.size())) {
            return ResponseEntity.ok().headers(headers).build();
        }
        InputStream in = file.size() == 0 ? InputStream.nullInputStream() : artifacts.open(file);
        return ResponseEntity.ok().headers(headers).body(out -> copy(in, out));
    }

    /**
     * Hands the bytes to Tomcat's sendfile (the kernel copies file → socket; no byte passes through the JVM) when
     * the store keeps the blob as a local file and the connector supports it (plain HTTP NIO; not TLS). The
     * response then carries no body of ours. HEAD is left to the normal path, which writes none.
     */
    private boolean sendfile(HttpServletRequest request, ArtifactFile file, long start, long endExclusive) {
        if (!"GET".equals(request.getMethod()) || !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
            return false;
        }
        Optional<Path> local = artifacts.localFile(file);
        if (local.isEmpty()) {
            return false;
        }
        request.setAttribute(SENDFILE_FILENAME, local.get().toAbsolutePath().toString());
        request.setAttribute(SENDFILE_START, start);
        request.setAttribute(SENDFILE_END, endExclusive);
        // the kernel sends these bytes: count them here, as the streamed path counts what it reads
        artifacts.sentDirectly(endExclusive - start);
        return true;
    }

    @Operation(summary = "The whole version as a zip, streamed as it is built")
    @GetMapping("/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String name, @PathVariable String version) {
        VersionRef ref = VersionRef.of(name, version);
        int number = models.version(ref).version();
        List<ArtifactFile> files = models.files(ref);
        artifacts.checkReadable(files);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/zip"));
        headers.set(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY);
        headers.set(HttpHeaders.CONTENT_DISPOSITION, Attachments.contentDisposition(name + "-" + number + ".zip"));
        return ResponseEntity.ok().headers(headers).body(out -> artifacts.writeZip(files, out));
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        try (in) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
