package dev.modelyard.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.modelyard.base.Outages;
import dev.modelyard.security.ui.LoginView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three filter chains: the REST API (and its OpenAPI description) with HTTP Basic or a bearer access token,
 * stateless, errors as problem details; the actuator (its own chain); everything else is the Vaadin UI with its login
 * view. Only the login view, static resources and the health endpoint are open.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecurityConfig.class);

    /** How long an accepted password is remembered, and for at most how many (user, password) pairs at once. */
    static final Duration VERIFIED_PASSWORD_TTL = Duration.ofMinutes(5);
    static final int VERIFIED_PASSWORD_ENTRIES = 10_000;

    static final String[] API_PATHS = {"/api/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html"};
    /**
     * The API chain's paths as plain path patterns: every request is matched against them, and the default
     * String form asks Spring MVC's handler mappings on each request (about a tenth of a small API call's CPU).
     */
    private static final RequestMatcher API = new OrRequestMatcher(Arrays.stream(API_PATHS)
            .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path)).toList());

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ObjectMapper json, TokenService tokens) throws Exception {
        return http.securityMatcher(API)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens, response -> {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"Modelyard\", error=\"invalid_token\"");
                    problem(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                            "the access token is unknown, expired or revoked");
                }), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint(json)))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problem(json, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                                "your role does not allow this")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * The actuator: health open to all (details for signed-in admins, see application.yml), everything else
     * (Prometheus metrics) for any signed-in user, so a scraper needs only a READER account; HTTP Basic and
     * 401 problems like the API rather than the UI's login redirect.
     */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, ObjectMapper json) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint(json)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * 401 with a problem body; but when the user could not be looked up because the database is out, 503 with
     * that reason: a wrong password is not what happened.
     */
    private static AuthenticationEntryPoint basicEntryPoint(ObjectMapper json) {
        return (request, response, e) -> {
            Optional<String> out = Outages.dependencyOf(e);
            if (out.isPresent() || e instanceof InternalAuthenticationServiceException) {
                // the user could not be looked up at all: say so, rather than blame the password
                if (out.isEmpty()) {
                    log.warn("Sign-in failed for a reason other than the credentials", e);
                }
                problem(json, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                        Outages.message(out.orElse(Outages.DATABASE)));
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"Modelyard\"");
            problem(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "sign in with HTTP Basic or an access token (Authorization: Bearer)");
        };
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiChain(HttpSecurity http) throws Exception {
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: Modelyard exports
     * no traces or filter metrics, and the per-filter timers cost about a sixth of the CPU of a small API request
     * (docs/benchmarks.md, section 4).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(AppRole.ADMIN.name()).implies(AppRole.CONTRIBUTOR.name())
                .role(AppRole.CONTRIBUTOR.name()).implies(AppRole.READER.name())
                .build();
    }

    /**
     * bcrypt by default, behind the delegating encoder so hashes can move to a stronger scheme later; a password
     * bcrypt accepted is remembered for a few minutes, so HTTP Basic (a check on every request) does not pay bcrypt
     * on every request: docs/decisions/007-password-check-cache.md.
     */
    @Bean
    PasswordEncoder passwordEncoder(Clock clock) {
        return new VerifiedPasswordCache(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                VERIFIED_PASSWORD_TTL, VERIFIED_PASSWORD_ENTRIES, clock);
    }

    private static void problem(ObjectMapper json, HttpServletResponse response, int status, String title,
                                String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of(
                "type", "about:blank", "title", title, "status", status, "detail", detail));
    }
}
