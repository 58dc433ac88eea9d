package dev.modelyard.base.startup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The start's data work ({@link StartupTask}s), run in the last lifecycle phase: after the web server opened its
 * port, before the context reports itself refreshed (so before scheduled tasks, ApplicationReadyEvent and any
 * test). The sign-in page is served meanwhile; requests that need data wait at the gate ({@code security}'s
 * StartupGate) until {@link #isReady()}, and health reports OUT_OF_SERVICE (docs/decisions/019-startup.md).
 */
@Component("startup")
public class StartupWork implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StartupWork.class);

    private final ObjectProvider<StartupTask> tasks;
    private final SchemaMigration schema;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile boolean running;

    StartupWork(ObjectProvider<StartupTask> tasks, SchemaMigration schema) {
        this.tasks = tasks;
        this.schema = schema;
    }

    @Override
    public void start() {
        running = true;
        long began = System.nanoTime();
        schema.awaitMigrated();
        tasks.orderedStream().forEach(StartupTask::runAtStart);
        ready = true;
        done.countDown();
        log.info("Start-up work done in {} ms after the port opened; requests that need data are served",
                (System.nanoTime() - began) / 1_000_000);
    }

    /** Whether the start-up work has finished: from then on, every request is served. */
    public boolean isReady() {
        return ready;
    }

    /** Waits at most {@code timeout} for the start-up work; true when it has finished. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        return ready ? Health.up().build()
                : Health.outOfService().withDetail("reason", "start-up work is still running").build();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server (Spring Boot's phase Integer.MAX_VALUE - 2048): the port is open while this runs. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
