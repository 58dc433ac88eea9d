package dev.modelyard.azureml;

import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.JobLogService;
import dev.modelyard.jobs.execution.LogReader;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the SDK reads without its bearer token: the discovery document (public, it holds only this server's URLs)
 * and a run's log file behind a signed, expiring link that acts as the user it was handed to (still a member, still
 * enabled). Anything else is 404.
 */
@RestController
class DiscoveryController {

    static final String DISCOVERY = "/azureml/discovery";
    static final String LOGS = "/azureml/logs";
    private static final int CHUNK = 256 * 1024;

    private final ModelyardProperties modelyard;
    private final SignedLinks links;
    private final JobLogService jobs;
    private final WorkspaceService workspaces;
    private final UserDetailsService users;
    private final Clock clock;

    DiscoveryController(ModelyardProperties modelyard, SignedLinks links, JobLogService jobs, WorkspaceService workspaces,
                        UserDetailsService users, Clock clock) {
        this.modelyard = modelyard;
        this.links = links;
        this.jobs = jobs;
        this.workspaces = workspaces;
        this.users = users;
        this.clock = clock;
    }

    @GetMapping(DISCOVERY)
    Map<String, String> discovery() {
        String api = Arm.base(modelyard.publicUrl()) + RunHistoryController.ROOT;
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of("api", "catalog", "experimentation", "gallery", "history", "hyperdrive", "labeling",
                "modelmanagement", "pipelines", "studio")) {
            out.put(key, api);
        }
        return out;
    }

    @GetMapping(LOGS + "/{wsName}/{job}/std_log.txt")
    void log(@PathVariable("wsName") String workspaceName, @PathVariable String job, @RequestParam(required = false) String se,
             @RequestParam(required = false) String u, @RequestParam(required = false) String sig,
             HttpServletResponse response) throws IOException {
        WorkspaceRef workspace = signedIn(workspaceName, job, u, se, sig);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=utf-8");
        try (OutputStream out = response.getOutputStream()) {
            CurrentWorkspace.runIn(workspace, () -> {
                long offset = 0;
                while (true) {
                    LogReader.LogChunk chunk = jobs.readLog(job, offset, CHUNK);
                    if (chunk.bytes().length == 0) {
                        return;
                    }
                    try {
                        out.write(chunk.bytes());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    offset = chunk.nextOffset();
                }
            });
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Checks the link and signs its user in for this request; 404 for anything wrong, as if nothing were there. */
    private WorkspaceRef signedIn(String workspaceName, String job, String user, String expires, String sig) {
        NotFoundException nothing = new NotFoundException("no such log");
        if (user == null) {
            throw nothing;
        }
        UserDetails details;
        try {
            details = users.loadUserByUsername(user);
        } catch (UsernameNotFoundException e) {
            throw nothing;
        }
        if (!details.isEnabled()) {
            throw nothing;
        }
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                details.getUsername(), null, details.getAuthorities()));
        WorkspaceRef workspace;
        try {
            workspace = workspaces.resolve(workspaceName);
        } catch (NotFoundException e) {
            SecurityContextHolder.clearContext();
            throw nothing;
        }
        if (!links.validLog(workspace.id(), job, user, expires, sig, clock.instant())) {
            SecurityContextHolder.clearContext();
            throw nothing;
        }
        return workspace;
    }
}
