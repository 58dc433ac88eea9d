package dev.modelyard.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.security.ui.LoginView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
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
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains: the REST API (and its OpenAPI description) with HTTP Basic, stateless, errors as
 * problem details; everything else is the Vaadin UI with its login view. Only the login view, static
 * resources and the health endpoint are open.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

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
    SecurityFilterChain apiChain(HttpSecurity http, ObjectMapper json, ModelyardProperties properties) throws Exception {
        return http.securityMatcher(API)
                .addFilterBefore(new OriginCheckFilter(json, properties.publicUrl()), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"Modelyard\"");
                    problem(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                            "sign in with HTTP Basic");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problem(json, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                                "your role does not allow this")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, ObjectMapper json, ModelyardProperties properties) throws Exception {
        // login CSRF: Vaadin's login form posts without a CSRF token, so a foreign page could sign a browser in to
        // an account of its choosing; a POST from another origin (or 'null') is refused before it reaches the form
        http.addFilterBefore(new OriginCheckFilter(json, properties.publicUrl()), UsernamePasswordAuthenticationFilter.class);
        http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }

    /**
     * Spring Security's strict firewall, except that a URL may carry an encoded '%' (%25) and ';' (%3B): stored
     * file names may contain both and are downloaded by path ({@code …/files/a%3Bb%25.txt}). The path is only ever
     * looked up in a version's manifest, never on a file system, and no authorisation rule depends on the path
     * below /api, so neither opens a way around a rule.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowSemicolon(true);
        return firewall;
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
