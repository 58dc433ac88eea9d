package dev.modelyard.base.startup;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.orm.jpa.AbstractEntityManagerFactoryBean;

/**
 * Flyway's migration runs on the thread that builds Hibernate's metamodel (the repositories' deferred bootstrap,
 * decision 019), just before Hibernate validates the schema, instead of on the main thread before anything else
 * that needs the database. The main thread meanwhile sets up the web layer, security and Vaadin, and opens the
 * port. Anything that uses the database waits for the entity manager factory, and so for the migration;
 * {@link StartupWork} waits for {@link #awaitMigrated()} before its tasks, so plain JDBC users among them see the
 * migrated schema too. A failed migration fails the start as before: at the first use of the database, which
 * StartupWork makes during the start.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaMigration implements FlywayMigrationStrategy, SmartInitializingSingleton {

    private volatile Flyway flyway;
    /** Set once an entity manager factory's bootstrap executor has taken the migration over. */
    private volatile boolean onBootstrapThread;
    private final CompletableFuture<Void> migrated = new CompletableFuture<>();

    /** Spring Boot's initializer hands over its Flyway here; the migration itself runs later, once. */
    @Override
    public void migrate(Flyway flyway) {
        this.flyway = flyway;
    }

    /** Waits for the migration (a no-op when Flyway is off) and rethrows its failure. */
    public void awaitMigrated() {
        try {
            migrated.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized void runMigration() {
        if (migrated.isDone()) {
            return;
        }
        try {
            Flyway pending = flyway;
            if (pending != null) {
                pending.migrate();
            }
            migrated.complete(null);
        } catch (RuntimeException | Error e) {
            migrated.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * A context without JPA still gets its schema, on the main thread, once every singleton exists. With JPA the
     * bootstrap thread has it, and the main thread must not wait for it here (before the port opens).
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (!onBootstrapThread) {
            runMigration();
        }
    }

    /** Runs the migration first on whichever executor builds the entity manager factory (or right here if none). */
    @Bean
    static BeanPostProcessor migrateBeforeHibernate(ObjectProvider<SchemaMigration> schema) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractEntityManagerFactoryBean factory) {
                    SchemaMigration migration = schema.getObject();
                    AsyncTaskExecutor executor = factory.getBootstrapExecutor();
                    if (executor == null) {
                        migration.runMigration();
                    } else {
                        migration.onBootstrapThread = true;
                        factory.setBootstrapExecutor(new MigratingFirst(executor, migration));
                    }
                }
                return bean;
            }
        };
    }

    private record MigratingFirst(AsyncTaskExecutor delegate, SchemaMigration migration) implements AsyncTaskExecutor {

        @Override
        public void execute(Runnable task) {
            delegate.execute(() -> {
                migration.runMigration();
                task.run();
            });
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(() -> {
                migration.runMigration();
                return task.call();
            });
        }
    }
}
