package dev.modelyard.base;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Modelyard keeps its state and how it introduces itself.
 *
 * @param dataDir  one directory for everything: the H2 database, embedded object store, staging area
 * @param publicUrl the URL users reach Modelyard at, used for links in API answers (null: derive from the request)
 */
@ConfigurationProperties("modelyard")
public record ModelyardProperties(@DefaultValue("./data") Path dataDir, String publicUrl) {

    public Path stagingDir() {
        return dataDir.resolve("staging");
    }
}
