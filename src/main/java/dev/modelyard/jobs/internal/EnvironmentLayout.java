package dev.modelyard.jobs.internal;

import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.jobs.EnvironmentsProperties;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where builds live: {@code <dir>/<first 20 hex of the hash>} for a finished virtualenv, {@code <dir>/.build-…} while
 * one is built, {@code <dir>/.logs/<build id>.log} for build logs. Short names keep scripts' #! lines under the
 * kernel's 127 bytes where possible.
 */
@Component
public class EnvironmentLayout {

    private final Path root;

    EnvironmentLayout(ModelyardProperties modelyard, EnvironmentsProperties properties) {
        this.root = (properties.dir() == null ? modelyard.dataDir().resolve("environments") : properties.dir())
                .toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The virtualenv folder of a build hash. */
    public Path venv(String hash) {
        return root.resolve(hash.substring(0, 20));
    }

    public Path log(long buildId) {
        return root.resolve(".logs").resolve(buildId + ".log");
    }
}
