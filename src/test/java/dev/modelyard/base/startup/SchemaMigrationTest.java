package dev.modelyard.base.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/** Flyway's migration moves to the entity manager factory's bootstrap thread, ahead of Hibernate (decision 019). */
class SchemaMigrationTest {

    @Test
    void the_migration_runs_on_the_bootstrap_thread_before_the_factory_task_and_not_on_the_main_thread()
            throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        SchemaMigration schema = new SchemaMigration();
        schema.migrate(Flyway.configure().dataSource(url, "sa", "").load());
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setBootstrapExecutor(new SimpleAsyncTaskExecutor("bootstrap-"));

        postProcessor(schema).postProcessBeforeInitialization(factory, "entityManagerFactory");
        schema.afterSingletonsInstantiated();
        assertThat(tableExists(url, "APP_USER")).as("the main thread left the migration to the bootstrap thread")
                .isFalse();

        AtomicReference<String> sawTable = new AtomicReference<>();
        Future<String> task = factory.getBootstrapExecutor().submit(() -> {
            sawTable.set(tableExists(url, "APP_USER") ? "migrated" : "not yet");
            return Thread.currentThread().getName();
        });
        assertThat(task.get()).startsWith("bootstrap-");
        assertThat(sawTable.get()).as("Hibernate's task runs after the migration").isEqualTo("migrated");
        schema.awaitMigrated();
    }

    @Test
    void without_an_entity_manager_factory_the_schema_is_migrated_once_every_singleton_exists() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        SchemaMigration schema = new SchemaMigration();
        schema.migrate(Flyway.configure().dataSource(url, "sa", "").load());

        schema.afterSingletonsInstantiated();

        schema.awaitMigrated();
        assertThat(tableExists(url, "APP_USER")).isTrue();
    }

    private static BeanPostProcessor postProcessor(SchemaMigration schema) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("schemaMigration", schema);
        return SchemaMigration.migrateBeforeHibernate(beans.getBeanProvider(SchemaMigration.class));
    }

    private static boolean tableExists(String url, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        }
    }
}
