package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.ModelyardApplication;
import dev.modelyard.TestUsers;
import dev.modelyard.base.startup.StartupTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The port opens before the start-up work (decision 019): the sign-in page and health answer at once, a request
 * that needs data waits at the gate until the work is done, then is served. A real start of the whole application,
 * held inside its start-up work by one extra task.
 */
class StartupGateTest {

    private static final CountDownLatch HELD = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final AtomicInteger PORT = new AtomicInteger();
    private static final AtomicReference<ApplicationContext> CONTEXT = new AtomicReference<>();

    /** The last start-up task: holds the start until the test releases it. */
    @Configuration(proxyBeanMethods = false)
    static class HeldStart {

        @Bean
        @Order(Integer.MAX_VALUE)
        StartupTask holdTheStart(ApplicationContext context) {
            return () -> {
                CONTEXT.set(context);
                HELD.countDown();
                try {
                    if (!RELEASE.await(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the test never released the start");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
        }

        @Bean
        ApplicationListener<WebServerInitializedEvent> portListener() {
            return event -> PORT.set(event.getWebServer().getPort());
        }
    }

    @Test
    void sign_in_page_and_health_answer_while_the_start_up_work_runs_and_data_requests_wait_for_it() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "test-data", "startup-gate-" + UUID.randomUUID()));
        ExecutorService starter = Executors.newSingleThreadExecutor();
        Future<ConfigurableApplicationContext> started = starter.submit(() ->
                new SpringApplicationBuilder(ModelyardApplication.class, HeldStart.class).run(
                        "--modelyard.data-dir=" + data.toAbsolutePath(),
                        "--server.port=0",
                        "--MODELYARD_ADMIN_PASSWORD=" + TestUsers.ADMIN_PASSWORD,
                        "--modelyard.storage.cleanup-interval=1h",
                        "--modelyard.jobs.lease.node-name=test-" + UUID.randomUUID(),
                        "--modelyard.jobs.queue.partition=test-" + UUID.randomUUID(),
                        "--vaadin.devmode.devTools.enabled=false",
                        "--spring.jmx.enabled=false"));
        ConfigurableApplicationContext context = null;
        try {
            assertThat(HELD.await(3, TimeUnit.MINUTES)).as("the start reached its start-up work").isTrue();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://localhost:" + PORT.get();

            HttpResponse<String> login = http.send(get(base + "/login").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            HttpResponse<String> health = http.send(get(base + "/actuator/health").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("OUT_OF_SERVICE");

            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + TestUsers.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            CompletableFuture<HttpResponse<String>> models = http.sendAsync(
                    get(base + "/api/v1/models").header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            StartupGate gate = (StartupGate) CONTEXT.get().getBean("startupGate", FilterRegistrationBean.class)
                    .getFilter();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (gate.waiting() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(gate.waiting()).as("the API call waits at the gate").isEqualTo(1);
            assertThat(models).isNotDone();

            RELEASE.countDown();
            HttpResponse<String> answered = models.get(60, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            context = started.get(60, TimeUnit.SECONDS);
            assertThat(http.send(get(base + "/actuator/health").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        } finally {
            RELEASE.countDown();
            if (context != null) {
                context.close();
            }
            starter.shutdownNow();
        }
    }

    @Test
    void only_anonymous_reads_of_the_web_ui_and_health_pass_while_starting() {
        assertThat(StartupGate.servedWhileStarting(request("GET", "/login"))).isTrue();
        assertThat(StartupGate.servedWhileStarting(request("HEAD", "/login"))).isTrue();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/VAADIN/build/indexhtml-1.js"))).isTrue();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/models"))).isTrue();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/actuator/health"))).isTrue();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/actuator/health/liveness"))).isTrue();

        assertThat(StartupGate.servedWhileStarting(request("POST", "/login"))).as("a sign-in").isFalse();
        assertThat(StartupGate.servedWhileStarting(request("POST", "/"))).as("a Vaadin round trip").isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/api/v1/models"))).isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/api/2.0/mlflow/registered-models/search")))
                .isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/ajax-api/2.0/mlflow/experiments/search")))
                .isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/subscriptions/s/resourceGroups/r"))).isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/azuremlblob/account/container/blob"))).isFalse();
        assertThat(StartupGate.servedWhileStarting(request("GET", "/actuator/prometheus"))).isFalse();
        MockHttpServletRequest withToken = request("GET", "/login");
        withToken.addHeader("Authorization", "Bearer abc");
        assertThat(StartupGate.servedWhileStarting(withToken)).as("any request with credentials").isFalse();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    }

    private static MockHttpServletRequest request(String method, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setServletPath(uri);
        return request;
    }
}
