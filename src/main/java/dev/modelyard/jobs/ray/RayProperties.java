package dev.modelyard.jobs.ray;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code ray} compute kind.
 *
 * @param python        the path of a Python on this host with {@code ray} installed (the same Ray version as the cluster); it
 *                      runs the driver of each job sent to a Ray target
 * @param statusTimeout how long asking a cluster for its nodes and free resources may take
 */
@ConfigurationProperties("modelyard.jobs.ray")
public record RayProperties(Path python,
                            @DefaultValue("30s") Duration statusTimeout) {
}
