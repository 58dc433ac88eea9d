package dev.modelyard.api;

import dev.modelyard.artifacts.ArtifactService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Send only what is new: a client asks which of its files' digests Modelyard lacks, then registers a version from
 * a manifest plus uploads of just those (see {@link ModelApi}). Blobs are shared by content across workspaces, so
 * the answer is the same under every workspace path (docs/decisions/013-filesystem-blob-store.md).
 */
@RestController
@RequestMapping({"/api/v1/blobs", "/api/v1/workspaces/{workspace}/blobs"})
@Tag(name = "Blobs")
class BlobApi {

    private final ArtifactService artifacts;

    BlobApi(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    record MissingBlobsRequest(List<String> digests) {
    }

    record MissingBlobsResponse(List<String> missing) {
    }

    @Operation(summary = "Which of these SHA-256 digests (sha256:<hex> or <hex>, at most 1,000) Modelyard lacks; "
            + "answered in the form given")
    @PostMapping(path = "/missing", consumes = MediaType.APPLICATION_JSON_VALUE)
    MissingBlobsResponse missing(@RequestBody MissingBlobsRequest body) {
        return new MissingBlobsResponse(artifacts.missing(body.digests()));
    }
}
