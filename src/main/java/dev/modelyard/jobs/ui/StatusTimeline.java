package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.jobs.JobDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Each status the job went through, when it started and how long the job stayed in it (until the next change, or
 * until now for the current one, which {@link #tick} keeps up to date). A plain vertical list: readable, copyable,
 * and announced as a list by screen readers.
 */
class StatusTimeline extends OrderedList {

    private Span current;
    private Instant currentSince;

    StatusTimeline(List<JobDetails.StatusChange> history, Instant now) {
        setId("job-timeline");
        addClassName("job-timeline");
        for (int i = 0; i < history.size(); i++) {
            JobDetails.StatusChange change = history.get(i);
            boolean last = i == history.size() - 1;
            Span spent = new Span();
            spent.addClassName("job-timeline-spent");
            if (!last) {
                spent.setText("for " + DisplayFormats.duration(Duration.between(change.at(), history.get(i + 1).at())));
            } else if (change.status().isTerminal()) {
                spent.setText("final");
            } else {
                current = spent;
                currentSince = change.at();
                tick(now);
            }
            Span at = new Span(DisplayFormats.dateTimeSeconds(change.at()));
            at.addClassName("job-timeline-at");
            ListItem item = new ListItem(JobBadges.status(change.status()), at, spent);
            item.getElement().setAttribute("data-status", change.status().wireName());
            add(item);
        }
    }

    /** Re-renders the time spent in the current status. */
    void tick(Instant now) {
        if (current != null) {
            current.setText("for " + DisplayFormats.duration(Duration.between(currentSince,
                    now.isBefore(currentSince) ? currentSince : now)) + " (now)");
        }
    }
}
