package dev.modelyard.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinDefaultRequestCache;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import dev.modelyard.base.Outages;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.security.ui.LoginView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import dev.modelyard.base.startup.StartupWork;
import org.springframework.context.ApplicationEventPublisher;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
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

    /** The REST chain: /api/v1, the MLflow surface (also under /ajax-api and the per-workspace /mlflow/{ws}/…). */
    static final String[] API_PATHS = {"/api/**", "/ajax-api/**", "/mlflow/**", "/v3/api-docs", "/v3/api-docs/**",
            "/swagger-ui/**", "/swagger-ui.html", "/subscriptions/**", "/azureml/api/**"};
    /**
     * The API chain's paths as plain path patterns: every request is matched against them, and the default
     * String form asks Spring MVC's handler mappings on each request (about a tenth of a small API call's CPU).
     */
    static final RequestMatcher API = new OrRequestMatcher(Arrays.stream(API_PATHS)
            .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path)).toList());

    /**
     * The UI's Content-Security-Policy. Vaadin 24's client engine evaluates server-sent JavaScript with
     * {@code new Function} and its bootstrap page and components use inline scripts and styles, so those stay
     * allowed; everything is from this origin only, no plugins, no framing by other sites, no form posts or
     * {@code <base>} elsewhere. Stored files never run in this origin at all: they are attachments with a sandbox
     * policy of their own ({@link dev.modelyard.base.AttachmentHeaders}, {@link AttachmentOnlyFilter}).
     */
    static final String UI_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";
    /** The API's: JSON and downloads, plus the Swagger UI page (its scripts are files, its styles partly inline). */
    static final String API_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";

    /**
     * The Azure ML surface's paths that the SDK calls without its bearer token (decision 020): the discovery
     * document, log files behind signed links and the blob subset (SharedKey or SAS). No session, no CSRF token, no
     * password: their handlers verify the signature.
     */
    @Bean
    @Order(0)
    SecurityFilterChain azureSignedChain(HttpSecurity http) throws Exception {
        // by the raw URI's prefix: a blob name with '..' or '//' must reach the blob handler and its 400, not the UI
        return http.securityMatcher(request -> {
                    String uri = request.getRequestURI();
                    return uri != null && (uri.equals("/azureml/discovery") || uri.startsWith("/azureml/logs/")
                            || uri.startsWith("/azuremlblob/"));
                })
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> securityHeaders(h, API_CSP))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ObjectMapper json, TokenService tokens, Clock clock,
                             ModelyardProperties properties) throws Exception {
        return http.securityMatcher(API)
                .addFilterBefore(new OriginCheckFilter(json, properties.publicUrl()), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .headers(h -> securityHeaders(h, API_CSP))
                .addFilterBefore(new BearerTokenFilter(tokens, (request, response) -> {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"Modelyard\", error=\"invalid_token\"");
                    String why = "the access token is unknown, expired or revoked";
                    // each client reads its own API's error shape (before, MLflow and Azure ML clients got a problem
                    // detail here and showed a parse error instead of the reason)
                    if (isMlflow(request.getRequestURI())) {
                        mlflowError(json, response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHENTICATED", why);
                    } else if (isAzureMl(request.getRequestURI())) {
                        armError(json, response, HttpServletResponse.SC_UNAUTHORIZED, "InvalidAuthenticationToken", why);
                    } else {
                        problem(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", why);
                    }
                }), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint(json, clock)))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> {
                    if (isMlflow(request.getRequestURI())) {
                        mlflowError(json, response, HttpServletResponse.SC_FORBIDDEN, "PERMISSION_DENIED",
                                "your role does not allow this");
                    } else if (isAzureMl(request.getRequestURI())) {
                        armError(json, response, HttpServletResponse.SC_FORBIDDEN, "AuthorizationFailed",
                                "your role does not allow this");
                    } else {
                        problem(json, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "your role does not allow this");
                    }
                }))
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
    SecurityFilterChain actuatorChain(HttpSecurity http, ObjectMapper json, Clock clock) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .headers(h -> securityHeaders(h, API_CSP))
                .httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint(json, clock)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * 401 with a problem body; but when the user could not be looked up because the database is out, 503 with
     * that reason: a wrong password is not what happened.
     */
    private static AuthenticationEntryPoint basicEntryPoint(ObjectMapper json, Clock clock) {
        return (request, response, e) -> {
            if (e instanceof SignInThrottledException throttled) {
                tooManyAttempts(json, response, throttled, clock);
                return;
            }
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
            if (isMlflow(request.getRequestURI())) {
                mlflowError(json, response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHENTICATED",
                        "sign in with HTTP Basic (MLFLOW_TRACKING_USERNAME/PASSWORD) or a token (MLFLOW_TRACKING_TOKEN)");
                return;
            }
            if (isAzureMl(request.getRequestURI())) {
                armError(json, response, HttpServletResponse.SC_UNAUTHORIZED, "AuthenticationFailed",
                        "send a Modelyard access token as the bearer token (a credential whose get_token returns it)");
                return;
            }
            problem(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "sign in with HTTP Basic or an access token (Authorization: Bearer)");
        };
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiChain(HttpSecurity http, ObjectMapper json, ModelyardProperties properties,
                                VaadinDefaultRequestCache requestCache) throws Exception {
        http.headers(h -> securityHeaders(h, UI_CSP));
        // login CSRF: Vaadin's login form posts without a CSRF token, so a foreign page could sign a browser in to
        // an account of its choosing; a POST from another origin (or 'null') is refused before it reaches the form
        http.addFilterBefore(new OriginCheckFilter(json, properties.publicUrl()), UsernamePasswordAuthenticationFilter.class);
        // after sign-in, back to the address asked for as it was: Spring's default marks it with '?continue'
        HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();
        savedRequests.setMatchingRequestParameterName(null);
        requestCache.setDelegateRequestCache(savedRequests);
        // after sign-out, the login page says so
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class,
                "/login?" + LoginView.SIGNED_OUT));
        return http.build();
    }

    /**
     * Spring Security's strict firewall, except that a URL may carry an encoded '%' (%25) and ';' (%3B): stored
     * file names may contain both and are downloaded by path ({@code …/files/a%3Bb%25.txt}). The path is only ever
     * looked up in a version's manifest, never on a file system, and no authorisation rule depends on the path
     * below /api, so neither opens a way around a rule.
     */
    /**
     * A request the firewall refuses (a path with '..', '//', encoded separators) is a 400 written here: the default
     * sendError would dispatch to the error page, which the UI chain answers with a sign-in redirect. Blob paths
     * get Azure Storage's XML error (decision 020).
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, e) -> {
            String uri = request.getRequestURI();
            if (uri != null && uri.startsWith("/azuremlblob/")) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                response.setHeader("x-ms-error-code", "InvalidUri");
                response.setContentType("application/xml");
                response.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InvalidUri"
                        + "</Code><Message>The requested URI does not represent any resource on the server: blob names "
                        + "may not hold '.', '..' or empty segments.</Message></Error>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            problem(json, response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                    "the request path is not in normal form ('..', '//', encoded separators or periods)");
        };
    }

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

    /** MLflow's surfaces answer in MLflow's error envelope, so its clients show the message (issue 9). */
    static boolean isMlflow(String uri) {
        return uri != null && (uri.startsWith("/api/2.0/") || uri.startsWith("/ajax-api/") || uri.startsWith("/mlflow/"));
    }

    /** The Azure ML surface answers in ARM's error envelope (decision 020). */
    static boolean isAzureMl(String uri) {
        return uri != null && (uri.startsWith("/subscriptions/") || uri.startsWith("/azureml/api/"));
    }

    private static void armError(ObjectMapper json, HttpServletResponse response, int status, String code,
                                 String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("error", Map.of("code", code, "message", message)));
    }

    private static void mlflowError(ObjectMapper json, HttpServletResponse response, int status, String code,
                                    String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("error_code", code, "message", message));
    }

    /**
     * Password sign-in for both chains, behind the throttle. The one AuthenticationProvider bean is what Spring
     * Security's global AuthenticationManager uses, for the login form and HTTP Basic alike.
     */
    @Bean
    AuthenticationProvider authenticationProvider(UserService users, PasswordEncoder passwords,
                                                  SignInThrottle throttle, ApplicationEventPublisher events) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(passwords);
        return new ThrottledAuthenticationProvider(dao, throttle, events);
    }

    /** Ahead of Spring Security's filters: they read tokens and users from the database. */
    @Bean
    FilterRegistrationBean<StartupGate> startupGate(StartupWork startup, ObjectMapper json) {
        FilterRegistrationBean<StartupGate> registration = new FilterRegistrationBean<>(new StartupGate(startup, json));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    /** Every download the UI serves (Vaadin's dynamic resources) is an attachment in a sandbox. */
    @Bean
    FilterRegistrationBean<AttachmentOnlyFilter> attachmentOnlyFilter() {
        FilterRegistrationBean<AttachmentOnlyFilter> registration = new FilterRegistrationBean<>(new AttachmentOnlyFilter());
        registration.addUrlPatterns(AttachmentOnlyFilter.VAADIN_DYNAMIC + "*");
        return registration;
    }

    /** nosniff (Spring's default), framing by this origin only, no referrer to other sites, and the CSP. */
    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers, String csp) {
        headers.contentTypeOptions(Customizer.withDefaults())
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::sameOrigin)
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .contentSecurityPolicy(c -> c.policyDirectives(csp));
    }

    /**
     * 429 with Retry-After, not 401: the password may well be right, and a 401 tells a script (or a person) to
     * retype it, which only extends the pause; 429 says "come back at this time", which is what is meant.
     */
    private static void tooManyAttempts(ObjectMapper json, HttpServletResponse response, SignInThrottledException e,
                                        Clock clock) throws IOException {
        long seconds = Math.max(1, Duration.between(clock.instant(), e.retryAt()).toSeconds() + 1);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setStatus(429);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("type", "about:blank", "title", "Too Many Requests",
                "status", 429, "detail", "too many failed sign-ins; try again after " + e.retryAt(),
                "retryAt", e.retryAt().toString()));
    }

    static void problem(ObjectMapper json, HttpServletResponse response, int status, String title,
                        String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of(
                "type", "about:blank", "title", title, "status", status, "detail", detail));
    }
}
