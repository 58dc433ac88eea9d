package dev.modelyard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on the REST chain: a valid token signs the request in as its user (see
 * {@link TokenService#authenticate}); any other bearer value is refused with 401 at once, never passed on to
 * HTTP Basic or treated as anonymous. Requests without a bearer header pass untouched. Not a bean, so the servlet
 * container does not also run it outside the security chain.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    /** Writes the 401 answer in the shape of the API the request is for, as its other refusals are. */
    interface Refusal {
        void write(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private static final String BEARER = "bearer ";

    private final TokenService tokens;
    private final Refusal refusal;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final RequestAttributeSecurityContextRepository requestContexts = new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(TokenService tokens, Refusal refusal) {
        this.tokens = tokens;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TokenAuthentication> auth = tokens.authenticate(header.substring(BEARER.length()).strip());
        if (auth.isEmpty()) {
            contexts.clearContext();
            refusal.write(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(auth.get());
        contexts.setContext(context);
        // kept on the request as HTTP Basic's is, so the async dispatch of a streamed response (a zip, a followed
        // log) finds the caller again instead of refusing it halfway through the body
        requestContexts.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
