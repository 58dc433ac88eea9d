package dev.modelyard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, over H2 and the embedded S3 server in a fresh data directory
 * under target/ (one per test JVM, shared by every test class through Spring's context cache).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"MODELYARD_ADMIN_PASSWORD=" + TestUsers.ADMIN_PASSWORD, "modelyard.storage.cleanup-interval=1h",
                "vaadin.devmode.devTools.enabled=false",
                // Spring Boot's tests turn metrics export off; /actuator/prometheus is part of what is tested
                "management.prometheus.metrics.export.enabled=true"})
@ContextConfiguration(initializers = TestDataDirectory.class)
public @interface IntegrationTest {
}
