package dev.modelyard.security;

import dev.modelyard.base.AttachmentHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes every response of Vaadin's dynamic resources (the UI's download links: model files, job outputs, logs,
 * zips) an attachment in a CSP sandbox, whatever a handler sets: one place, so a new download link cannot forget
 * it. Stored files are user uploads and must never render in Modelyard's origin.
 */
final class AttachmentOnlyFilter extends OncePerRequestFilter {

    static final String VAADIN_DYNAMIC = "/VAADIN/dynamic/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(AttachmentHeaders.CONTENT_SECURITY_POLICY, AttachmentHeaders.SANDBOX_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(AttachmentHeaders.CONTENT_DISPOSITION, "attachment");
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, rewrite(name, value));
            }

            @Override
            public void addHeader(String name, String value) {
                if (AttachmentHeaders.CONTENT_DISPOSITION.equalsIgnoreCase(name)) {
                    super.setHeader(name, rewrite(name, value));
                } else if (!AttachmentHeaders.CONTENT_SECURITY_POLICY.equalsIgnoreCase(name)) {
                    super.addHeader(name, value);
                }
            }
        });
    }

    private static String rewrite(String name, String value) {
        if (AttachmentHeaders.CONTENT_DISPOSITION.equalsIgnoreCase(name)) {
            return AttachmentHeaders.asAttachment(value);
        }
        if (AttachmentHeaders.CONTENT_SECURITY_POLICY.equalsIgnoreCase(name)) {
            return AttachmentHeaders.SANDBOX_POLICY;
        }
        return value;
    }
}
