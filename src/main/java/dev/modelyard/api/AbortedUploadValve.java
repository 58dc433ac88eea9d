package dev.modelyard.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * After a request whose upload we stopped reading (too slow), tells Tomcat not to read ("swallow") the rest of the
 * body before it answers and closes the connection. Tomcat otherwise drains up to {@code max-swallow-size} of the
 * remaining body at whatever pace the client sends it, holding the thread as long as the trickle lasts.
 */
final class AbortedUploadValve extends ValveBase {

    private static final String ATTRIBUTE = AbortedUploadValve.class.getName() + ".abort";

    AbortedUploadValve() {
        super(true);
    }

    /** Marks the request: its unread body is abandoned and the connection closed after the answer. */
    static void abandonBody(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(ATTRIBUTE) != null) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> abortedUploadValve() {
            return factory -> factory.addContextValves(new AbortedUploadValve());
        }
    }
}
