package dev.modelyard.backups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code --modelyard.restore-from=<backup folder>}: before anything opens the database, lays the backup out in
 * {@code modelyard.data-dir}, which must be new or empty; then Modelyard starts on it as usual. Registered in
 * META-INF/spring.factories.
 */
public class RestoreOnStart implements EnvironmentPostProcessor {

    private final Log log;

    public RestoreOnStart(DeferredLogFactory logs) {
        this.log = logs.getLog(RestoreOnStart.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String from = environment.getProperty("modelyard.restore-from");
        if (from == null || from.isBlank()) {
            return;
        }
        // both embedded kinds keep objects/<bucket>/<key> on disk, the layout a backup is restored into
        String mode = environment.getProperty("modelyard.storage.mode", "filesystem");
        if (!("filesystem".equalsIgnoreCase(mode) || "embedded".equalsIgnoreCase(mode))
                || environment.getProperty("spring.datasource.url", "jdbc:h2:").indexOf("jdbc:h2:") != 0) {
            throw new IllegalStateException("modelyard.restore-from restores the embedded default (H2 and the embedded "
                    + "object store) only");
        }
        Path backup = Path.of(from).toAbsolutePath().normalize();
        Path dataDir = Path.of(environment.getProperty("modelyard.data-dir", "./data")).toAbsolutePath().normalize();
        try {
            if (BackupRestore.restore(backup, dataDir, environment.getProperty("modelyard.storage.bucket", "modelyard"))) {
                log.info("Restored backup " + backup.getFileName() + " into " + dataDir);
            } else {
                log.info(dataDir + " was restored from " + backup.getFileName() + " before; starting on it as it is");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not restore " + backup + " into " + dataDir, e);
        }
    }
}
