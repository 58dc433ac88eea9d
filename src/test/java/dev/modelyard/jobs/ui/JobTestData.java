package dev.modelyard.jobs.ui;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Jobs for the view tests: real processes on the local compute, and a way to let their pushes reach the UI. */
public final class JobTestData {

    /** Prints a line, leaves a small model folder and a metrics file, then exits 0. */
    static final String MODEL_SCRIPT = """
            echo "training $MODELYARD_JOB_NAME"
            mkdir -p "$MODELYARD_OUTPUTS_DIR/model"
            printf 'flavors:\\n  python_function:\\n    loader_module: x\\n' > "$MODELYARD_OUTPUTS_DIR/model/MLmodel"
            echo weights > "$MODELYARD_OUTPUTS_DIR/model/model.pkl"
            echo '{"auc": 0.9}' > "$MODELYARD_OUTPUTS_DIR/metrics.json"
            echo done
            """;

    private JobTestData() {
    }

    /** Submits {@code sh run.sh} over {@code script} as a contributor, in {@code experiment}. */
    public static JobDetails submit(JobService jobs, ArtifactService artifacts, String script, String experiment) {
        AtomicReference<JobDetails> out = new AtomicReference<>();
        TestUsers.runAs(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("run.sh", script))) {
                out.set(jobs.submit(new SubmitJobCommand("sh run.sh", "python-3@latest", "local", null, experiment,
                        "a view test", Map.of("suite", "ui"), Map.of("GREETING", "hello"), null), staged));
            }
        });
        return out.get();
    }

    static JobDetails awaitEnd(dev.modelyard.jobs.JobQueryService jobs, JobEvents events, String name) throws InterruptedException {
        return JobWaiter.until(jobs, events, name, JobStatus::isTerminal, Duration.ofSeconds(90));
    }

    /**
     * Runs the UI's pending {@code ui.access} tasks until {@code condition} holds. Job events reach the views through
     * a timer thread, so the task that shows a change may be queued a moment after the change itself.
     */
    static void pushUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            MockVaadin.clientRoundtrip();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pushed change did not arrive within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
