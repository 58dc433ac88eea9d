package dev.modelyard.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.base.startup.StartupWork;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds the requests that need data while the start-up work runs ({@link StartupWork}: the admin account, settled
 * jobs, compute targets), so none of them sees a half-started node: the port opens before that work, to show the
 * sign-in page seconds sooner (docs/decisions/019-startup.md). Served at once: anonymous GET and HEAD requests for
 * the web UI (the sign-in page, its scripts and styles; any other page redirects to sign-in without reading data)
 * and the health endpoint (OUT_OF_SERVICE until then). Everything else, a sign-in, an API call or any request with
 * credentials, waits, up to {@link #WAIT}; then 503 with Retry-After. Before Spring Security, whose token and
 * session checks read the database.
 */
final class StartupGate extends OncePerRequestFilter {

    /** Far longer than any start-up work seen (about 2 s on 2 cores); a start that fails ends the process anyway. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final StartupWork startup;
    private final ObjectMapper json;
    private final AtomicInteger waiting = new AtomicInteger();

    StartupGate(StartupWork startup, ObjectMapper json) {
        this.startup = startup;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (startup.isReady() || servedWhileStarting(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean ready;
        waiting.incrementAndGet();
        try {
            ready = startup.awaitReady(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (ready) {
            chain.doFilter(request, response);
        } else {
            response.setHeader("Retry-After", "5");
            SecurityConfig.problem(json, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Starting",
                    "Modelyard is still starting; try again in a few seconds");
        }
    }

    /** How many requests wait for the start-up work right now (for tests and the curious). */
    int waiting() {
        return waiting.get();
    }

    static boolean servedWhileStarting(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) || request.getHeader("Authorization") != null) {
            return false;
        }
        String uri = request.getRequestURI();
        if (uri == null) {
            return false;
        }
        if (uri.equals("/actuator/health") || uri.startsWith("/actuator/health/")) {
            return true;
        }
        // the APIs (token and signature checks, handlers that read data), metrics and the Azure ML paths wait
        return !SecurityConfig.API.matches(request) && !uri.startsWith("/actuator") && !uri.startsWith("/azureml");
    }
}
