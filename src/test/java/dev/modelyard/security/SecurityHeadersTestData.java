package dev.modelyard.security;

import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import java.util.Map;

/** A version whose files carry script: what must never run in Modelyard's origin. */
public final class SecurityHeadersTestData {

    public static final String EVIL_HTML = "<html><body><script>document.title='pwned'</script></body></html>";
    public static final String EVIL_SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

    private SecurityHeadersTestData() {
    }

    /** Registers {@code evil.html} and {@code img/evil.svg} as version 1 of a new model; returns its name. */
    public static String registerHostileFiles(ModelService models, ArtifactService artifacts) {
        String name = ModelTestData.uniqueName("hostile");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("evil.html", EVIL_HTML,
                    "img/evil.svg", EVIL_SVG))) {
                models.register(ModelTestData.custom(name), staged);
            }
        });
        return name;
    }
}
