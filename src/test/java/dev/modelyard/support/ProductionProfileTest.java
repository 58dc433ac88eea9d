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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application as production runs it: the {@code postgres} profile on a PostgreSQL server and
 * {@code modelyard.storage.mode=external} on an S3 server in its own OS process (S3Proxy's standalone jar). Both
 * are this context's own ({@link #SERVERS}), so outage tests may stop and start them without disturbing the
 * tests on the shared PostgreSQL. One context, cached, for every class with this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"MODELYARD_ADMIN_PASSWORD=" + TestUsers.ADMIN_PASSWORD, "modelyard.storage.cleanup-interval=1h",
                "vaadin.devmode.devTools.enabled=false",
                // Spring Boot's tests turn metrics export off; /actuator/prometheus is part of what is tested
                "management.prometheus.metrics.export.enabled=true"})
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = ProductionProfileTest.Initializer.class)
public @interface ProductionProfileTest {

    /** The servers behind the production-profile context, started once per test JVM. */
    Servers SERVERS = new Servers();

    final class Servers {
        private PostgresServer database;
        private ExternalS3Server storage;

        private Servers() {
        }

        public synchronized PostgresServer database() {
            if (database == null) {
                database = PostgresServer.startPrivate();
            }
            return database;
        }

        public synchronized ExternalS3Server storage() {
            if (storage == null) {
                storage = ExternalS3Server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(storage::close));
            }
            return storage;
        }
    }

    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            PostgresServer pg = SERVERS.database();
            ExternalS3Server s3 = SERVERS.storage();
            Path dataDir = Path.of("target", "test-data", "prod-" + UUID.randomUUID()).toAbsolutePath();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-production", Map.of(
                    "modelyard.data-dir", dataDir.toString(),
                    "spring.datasource.url", pg.jdbcUrl(),
                    "spring.datasource.username", pg.username(),
                    "spring.datasource.password", "",
                    "modelyard.storage.mode", "external",
                    "modelyard.storage.endpoint", s3.endpoint().toString(),
                    "modelyard.storage.access-key", s3.accessKey(),
                    "modelyard.storage.secret-key", s3.secretKey())));
        }
    }
}
