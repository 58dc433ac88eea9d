package dev.modelyard;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the application at a data directory of its own under target/, so runs never see each other's state. */
public class TestDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final Path ROOT = Path.of("target", "test-data", UUID.randomUUID().toString()).toAbsolutePath();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-data-dir",
                Map.of("modelyard.data-dir", ROOT.toString(),
                        // this machine's pip also knows pypi.org, which it cannot reach: fail each lookup there at once
                        // instead of retrying five times (environment builds, issue 15)
                        "modelyard.environments.pip-options", "--retries=0",
                        // every Spring context of the suite is a node of its own over the shared database (decision
                        // 021): with the host name as every context's node name, one context would take another's
                        // running jobs for "an earlier process of this node" and settle them
                        "modelyard.jobs.lease.node-name", "test-" + UUID.randomUUID(),
                        // and a queue partition of its own: a job runs in the context that took it, with that
                        // context's configuration, not in whichever cached context polls first
                        "modelyard.jobs.queue.partition", "test-" + UUID.randomUUID())));
    }
}
