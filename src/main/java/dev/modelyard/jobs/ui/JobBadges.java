package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.html.Span;
import dev.modelyard.jobs.JobStatus;
import java.util.List;
import java.util.Locale;

/**
 * The status badge. Lumo badge colours say where a job is: grey waiting or stopped, solid blue running, light blue
 * storing its outputs, green done, red failed. The text is the Azure ML status name, as the API writes it.
 */
final class JobBadges {

    private JobBadges() {
    }

    static Span status(JobStatus status) {
        Span badge = new Span();
        badge.addClassName("job-status");
        show(badge, status);
        return badge;
    }

    /** Turns an existing badge into the badge for {@code status}, so a live page changes it in place. */
    static void show(Span badge, JobStatus status) {
        badge.setText(status.wireName());
        badge.getElement().getThemeList().clear();
        badge.getElement().getThemeList().addAll(List.of("badge", "pill"));
        if (!variant(status).isEmpty()) {
            badge.getElement().getThemeList().add(variant(status));
        }
        badge.getElement().setAttribute("data-status", status.wireName().toLowerCase(Locale.ROOT));
    }

    static String variant(JobStatus status) {
        return switch (status) {
            case QUEUED, PREPARING, CANCEL_REQUESTED, CANCELED -> "contrast";
            case RUNNING -> "primary";
            case FINALIZING -> "";
            case COMPLETED -> "success";
            case FAILED -> "error";
        };
    }
}
