package dev.modelyard.mlflow;

import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.UploadPaths;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.RunService;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * MLflow's artifact proxy: {@code mlflow-artifacts:/<experiment>/<run>/artifacts/<path>} is the run's (job's)
 * artifact tree, so what a run logs appears in its job's artifacts at that path; {@code registry/<name>/<version>}
 * is a registered version's own files (what get-download-uri names). Uploads stream into content-addressed
 * storage (a file stored before costs no new bytes); downloads stream, with single byte ranges.
 */
@RestController
class ArtifactProxyController {

    static final String ROOT = "/api/2.0/mlflow-artifacts/artifacts";
    private static final Pattern RUN = Pattern.compile("([^/]+)/([^/]+)/artifacts(?:/(.*))?");
    private static final Pattern REGISTRY = Pattern.compile("registry/([^/]+)/([^/]+)(?:/(.*))?");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final RunService runs;
    private final ModelService models;
    private final ArtifactService artifacts;

    ArtifactProxyController(RunService runs, ModelService models, ArtifactService artifacts) {
        this.runs = runs;
        this.models = models;
        this.artifacts = artifacts;
    }

    @PutMapping({ROOT + "/**", "/ajax-api/2.0/mlflow-artifacts/artifacts/**", "/mlflow/{workspace}" + ROOT + "/**",
            "/mlflow/{workspace}/ajax-api/2.0/mlflow-artifacts/artifacts/**"})
    Map<String, Object> upload(HttpServletRequest request) throws IOException {
        Matcher m = RUN.matcher(pathOf(request));
        if (!m.matches() || m.group(3) == null || m.group(3).isEmpty()) {
            throw MlflowException.invalid("artifacts are uploaded to <experiment_id>/<run_id>/artifacts/<path>");
        }
        try (InputStream body = request.getInputStream()) {
            runs.logArtifact(m.group(2), m.group(3), body);
        }
        return Map.of();
    }

    @GetMapping({ROOT + "/**", "/ajax-api/2.0/mlflow-artifacts/artifacts/**", "/mlflow/{workspace}" + ROOT + "/**",
            "/mlflow/{workspace}/ajax-api/2.0/mlflow-artifacts/artifacts/**"})
    void download(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Tree tree = tree(pathOf(request));
        ArtifactFile file = tree.files().stream().filter(f -> f.path().equals(tree.path())).findFirst()
                .orElseThrow(() -> new NotFoundException("no artifact at '" + Wire.shown(tree.path()) + "'"));
        long from = 0;
        long length = file.size();
        String range = request.getHeader("Range");
        Matcher r = range == null ? null : RANGE.matcher(range.trim());
        if (r != null && r.matches() && !(r.group(1).isEmpty() && r.group(2).isEmpty()) && file.size() > 0) {
            long start = r.group(1).isEmpty() ? Math.max(0, file.size() - Long.parseLong(r.group(2))) : Long.parseLong(r.group(1));
            long end = r.group(1).isEmpty() || r.group(2).isEmpty() ? file.size() - 1
                    : Math.min(Long.parseLong(r.group(2)), file.size() - 1);
            if (start >= file.size() || end < start) {
                response.setStatus(416);
                response.setHeader("Content-Range", "bytes */" + file.size());
                return;
            }
            from = start;
            length = end - start + 1;
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + file.size());
        }
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentType(file.mediaType());
        response.setContentLengthLong(length);
        if (length == 0) {
            return;
        }
        try (InputStream in = artifacts.open(file, from, length); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    @GetMapping({ROOT, "/ajax-api/2.0/mlflow-artifacts/artifacts", "/mlflow/{workspace}" + ROOT,
            "/mlflow/{workspace}/ajax-api/2.0/mlflow-artifacts/artifacts"})
    Map<String, Object> list(@RequestParam(required = false) String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        Tree tree = tree(p);
        return Map.of("files", children(tree.files(), tree.path(), false));
    }

    /** The direct children of {@code dir} among {@code files}: names relative to it, or paths from the root. */
    static List<Map<String, Object>> children(List<ArtifactFile> files, String dir, boolean fullPaths) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (ArtifactFile f : files) {
            if (!f.path().startsWith(prefix)) {
                continue;
            }
            String rest = f.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", fullPaths ? prefix + name : name);
            entry.put("is_dir", slash >= 0);
            if (slash < 0) {
                entry.put("file_size", f.size());
            }
            out.putIfAbsent(name, entry);
        }
        return new ArrayList<>(out.values());
    }

    private record Tree(List<ArtifactFile> files, String path) {
    }

    private Tree tree(String raw) {
        Matcher run = RUN.matcher(raw);
        if (run.matches()) {
            return new Tree(runs.artifacts(run.group(2)), clean(run.group(3)));
        }
        Matcher version = REGISTRY.matcher(raw);
        if (version.matches()) {
            return new Tree(models.files(VersionRef.of(version.group(1), version.group(2))), clean(version.group(3)));
        }
        throw new NotFoundException("no artifact tree at '" + Wire.shown(raw) + "'; paths are "
                + "<experiment_id>/<run_id>/artifacts/<path> or registry/<model>/<version>/<path>");
    }

    private static String clean(String path) {
        return path == null || path.isEmpty() ? "" : UploadPaths.normalize(path.replaceAll("/+$", ""));
    }

    /** The path after the proxy's prefix, decoded once by the container. */
    private static String pathOf(HttpServletRequest request) {
        String within = (String) request.getAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE);
        String full = within == null ? request.getRequestURI() : within;
        int at = full.indexOf("/mlflow-artifacts/artifacts/");
        return at < 0 ? "" : full.substring(at + "/mlflow-artifacts/artifacts/".length());
    }
}
