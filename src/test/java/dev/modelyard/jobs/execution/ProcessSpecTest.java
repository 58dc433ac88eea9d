package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

    @Test
    void printing_a_spec_shows_variable_names_but_never_their_values() {
        ProcessSpec spec = new ProcessSpec(List.of("/bin/true"), Path.of("/tmp"),
                Map.of("MODELYARD_TOKEN", "myd_the-secret", "PATH", "/usr/bin"), Duration.ofSeconds(5), Duration.ZERO);

        assertThat(spec.toString()).contains("MODELYARD_TOKEN", "PATH", "/bin/true").doesNotContain("myd_the-secret");
    }
}
