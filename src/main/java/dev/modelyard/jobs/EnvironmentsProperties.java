package dev.modelyard.jobs;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Environments built from a spec (docs/decisions/023-built-environments.md).
 *
 * @param interpreters      base interpreters a spec may name; the first is the default
 * @param dir               where the virtualenvs live (null: {@code <data>/environments})
 * @param buildTimeout      a build still running after this is stopped and Failed
 * @param concurrentBuilds  builds that run at once
 * @param diskCap           total size of all builds; past it, least recently used builds no job holds are removed
 * @param pipOptions        extra arguments the operator gives every {@code pip install} (e.g. --retries=0); never
 *                          from users
 * @param sourceBuilds      allow pip to build packages from source (runs the package's setup code as Modelyard's
 *                          user at build time); off: wheels only
 */
@ConfigurationProperties("modelyard.environments")
@Validated
public record EnvironmentsProperties(@DefaultValue("/usr/bin/python3") List<Path> interpreters,
                                     Path dir,
                                     @DefaultValue("30m") Duration buildTimeout,
                                     @Min(1) @DefaultValue("1") int concurrentBuilds,
                                     @DefaultValue("20GB") DataSize diskCap,
                                     @DefaultValue("") List<String> pipOptions,
                                     @DefaultValue("false") boolean sourceBuilds) {
}
