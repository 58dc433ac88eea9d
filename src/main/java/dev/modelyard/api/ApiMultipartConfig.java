package dev.modelyard.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring's multipart handling — the servlet container parses the body and spools every part to a temporary
 * file before the handler runs — for every request except model registration uploads, which {@link ModelApi}
 * reads part by part from the socket ({@link StreamedMultipart}). A large model is then written to local disk
 * once (the staging area) instead of twice.
 */
@Configuration(proxyBeanMethods = false)
class ApiMultipartConfig {

    /** POST …/models/{name}/versions and PUT …/models/{name}/versions/{version}. */
    private static final Pattern STREAMED = Pattern.compile("/api/v1/(workspaces/[^/]+/)?models/[^/]+/versions(/[^/]+)?");

    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver(MultipartProperties properties) {
        StandardServletMultipartResolver standard = new StandardServletMultipartResolver();
        // lazily: parts are parsed when the handler asks for them, after the workspace role check of
        // WorkspaceWebBinding, so a reader's job upload is refused before the container spools a byte
        standard.setResolveLazily(true);
        return new MultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return !streamed(request) && standard.isMultipart(request);
            }

            @Override
            public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
                return standard.resolveMultipart(request);
            }

            @Override
            public void cleanupMultipart(MultipartHttpServletRequest request) {
                standard.cleanupMultipart(request);
            }
        };
    }

    /** Whether this request is a registration upload that ModelApi streams itself. */
    static boolean streamed(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method)) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return STREAMED.matcher(path).matches();
    }
}
