package dev.modelyard.support;

import dev.modelyard.TestUsers;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/** Like {@link dev.modelyard.IntegrationTest}, but on a real PostgreSQL server instead of H2. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"MODELYARD_ADMIN_PASSWORD=" + TestUsers.ADMIN_PASSWORD, "modelyard.storage.cleanup-interval=1h"})
@ContextConfiguration(initializers = PostgresIntegrationTest.Initializer.class)
public @interface PostgresIntegrationTest {

    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            PostgresServer pg = PostgresServer.shared();
            Path dataDir = Path.of("target", "test-data", "pg-" + UUID.randomUUID()).toAbsolutePath();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-postgres", Map.of(
                    "modelyard.data-dir", dataDir.toString(),
                    "spring.datasource.url", pg.jdbcUrl(),
                    "spring.datasource.username", pg.username(),
                    "spring.datasource.password", "")));
        }
    }
}
