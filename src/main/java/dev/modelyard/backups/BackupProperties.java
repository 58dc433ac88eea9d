package dev.modelyard.backups;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where backups go. Never inside the data directory: a restore wants an empty one.
 *
 * @param dir the backup folder; empty means {@code <data-dir>-backups} beside the data directory
 */
@ConfigurationProperties("modelyard.backup")
public record BackupProperties(Path dir) {

    /** The configured folder, or the default beside {@code dataDir}. */
    public Path dirFor(Path dataDir) {
        if (dir != null) {
            return dir.toAbsolutePath().normalize();
        }
        Path data = dataDir.toAbsolutePath().normalize();
        return data.resolveSibling(data.getFileName() + "-backups");
    }
}
