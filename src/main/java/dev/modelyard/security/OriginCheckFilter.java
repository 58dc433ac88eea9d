package dev.modelyard.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing REST request (POST, PUT, PATCH, DELETE) that a browser sent from another origin: a page
 * elsewhere cannot make a signed-in browser (whose Basic credentials it remembers) change anything. A request with
 * no {@code Origin} header (curl, scripts, SDKs) and one from Modelyard's own origin pass; {@code Origin: null}
 * (sandboxed frames, file: pages, some redirects) is foreign. Reads stay open: they change nothing and browsers keep
 * their answers from the foreign page anyway. In front of the UI it refuses a foreign POST to the login form (login
 * CSRF: Vaadin's login form carries no CSRF token) and to every other UI endpoint.
 */
final class OriginCheckFilter extends OncePerRequestFilter {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ObjectMapper json;
    private final String publicOrigin;

    /** @param publicUrl {@code modelyard.public-url} (may be null): its origin is also our own behind a proxy */
    OriginCheckFilter(ObjectMapper json, String publicUrl) {
        this.json = json;
        this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : origin(URI.create(publicUrl.trim()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin == null || !STATE_CHANGING.contains(request.getMethod()) || isOwn(origin.trim(), request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("type", "about:blank", "title", "Forbidden",
                "status", HttpServletResponse.SC_FORBIDDEN,
                "detail", "cross-origin requests may not change anything; send this request without an Origin "
                        + "header or from Modelyard's own pages"));
    }

    private boolean isOwn(String origin, HttpServletRequest request) {
        String normalized = normalize(origin);
        if (normalized == null) {
            return false; // "null" or unparseable
        }
        if (normalized.equals(publicOrigin)) {
            return true;
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        return normalized.equals(origin(scheme, request.getServerName(), request.getServerPort()));
    }

    private static String normalize(String origin) {
        try {
            URI uri = URI.create(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return origin(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String origin(URI uri) {
        return origin(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), uri.getPort());
    }

    private static String origin(String scheme, String host, int port) {
        int effective = port >= 0 ? port : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + effective;
    }
}
