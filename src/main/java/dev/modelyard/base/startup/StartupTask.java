package dev.modelyard.base.startup;

/**
 * Work a start must finish before requests that read or write data are let in: the admin account, the curated
 * environments, settling the jobs a stop interrupted, the compute targets' executors. Run once, in
 * {@link org.springframework.core.annotation.Order @Order}, by {@link StartupWork} on the main thread after the
 * database schema is migrated and after the port opened (docs/decisions/019-startup.md). An exception fails the
 * start, as it did when this work ran before the port opened.
 */
public interface StartupTask {

    void runAtStart();
}
