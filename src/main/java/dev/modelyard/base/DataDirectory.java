package dev.modelyard.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes the data directory private (0700) before anything writes into it: the database, the object store, staging
 * and the key of job secrets live there, and other users of the host must not read them. Runs as a bean factory
 * post-processor, so before the DataSource (and H2's files) exist.
 */
@Component
class DataDirectory implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        makePrivate(Path.of(environment.getProperty("modelyard.data-dir", "./data")));
    }

    /** Creates the folder if needed and sets it to rwx------ where the file system knows POSIX modes. */
    static void makePrivate(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
    }
}
