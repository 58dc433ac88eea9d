package dev.modelyard.jobs.ui;

import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.JobLogService;
import dev.modelyard.jobs.JobOutputService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.execution.LogReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The job's log, following new lines while it runs. A timer started on attach (and stopped on detach) reads what
 * was appended since the last read, off the UI thread, and pushes only the new text; the page keeps about the last
 * megabyte (see {@link LogText}). Once the job has ended and the log is read to its end, the timer stops.
 */
class LogsTab extends VerticalLayout {

    /** Where a finished job's log is stored among its outputs (docs/decisions/006-job-execution.md). */
    static final String LOG_PATH = "user_logs/std_log.txt";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int CHUNK = 256 * 1024;
    /** Read in the request when the tab opens: enough for most logs, short enough to keep the tab quick. */
    private static final int FIRST_READ = 16 * CHUNK;
    /**
     * Per timer tick: a long running log is caught up in a few ticks, and only what is kept of it is pushed (a
     * finished job's log skips straight to its end instead, as its size is known).
     */
    private static final int TICK_READ = 256 * CHUNK;
    /** Appended text nodes are merged into one after this many, so a long tail does not grow the DOM for ever. */
    private static final int MAX_NODES = 500;

    private final JobLogService jobs;
    private final JobOutputService outputs;
    private final JobUiTimers timers;
    private final String job;
    private final LogText text = new LogText();
    private final Pre log = new Pre();
    private final Span note = new Span();
    private final Checkbox follow = new Checkbox("Follow", true);
    private final AtomicBoolean updateQueued = new AtomicBoolean();
    private volatile long offset;
    private volatile boolean ended;
    private volatile boolean complete;
    private final Object reading = new Object();
    private int nodes;
    private volatile LiveUpdates live;

    LogsTab(JobLogService jobs, JobOutputService outputs, JobUiTimers timers, String job, JobStatus status) {
        this.jobs = jobs;
        this.outputs = outputs;
        this.timers = timers;
        this.job = job;
        this.ended = status.isTerminal();
        setPadding(false);
        setWidthFull();
        addClassName("job-logs");
        log.setId("job-log");
        log.addClassName("job-log");
        note.setId("job-log-note");
        note.addClassName("job-log-note");
        note.setText("Only the last part of a long log is shown here; download the full log for all of it.");
        note.setVisible(false);
        follow.setId("job-log-follow");
        follow.addValueChangeListener(e -> {
            if (e.getValue()) {
                scrollToEnd();
            }
        });
        Anchor download = new Anchor(WorkspaceRoutes.inThisWorkspace(downloadHandler()), AttachmentType.DOWNLOAD,
                "Download full log");
        download.setId("job-log-download");
        Icon icon = VaadinIcon.DOWNLOAD_ALT.create();
        icon.setSize("var(--lumo-icon-size-s)");
        download.addComponentAsFirst(icon);
        download.addClassName("download-link");
        HorizontalLayout toolbar = new HorizontalLayout(follow, download);
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        add(toolbar, note, log);
        if (ended) {
            startNearTheEnd();
        }
    }

    /** Called by the page in the UI thread when the job's status changes. */
    void statusChanged(JobStatus status) {
        ended = status.isTerminal();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        // the first read happens now, in the request, so an ended job's log is on the page at once
        read(FIRST_READ);
        show();
        if (!complete) {
            updateQueued.set(false);
            live = new LiveUpdates(event.getUI(), timers);
            live.every(POLL, this::poll);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (live != null) {
            live.stop();
            live = null;
        }
        super.onDetach(event);
    }

    /** A finished job's log can be gigabytes: only its last part is read at all. */
    private void startNearTheEnd() {
        try {
            long size = outputs.output(job, LOG_PATH).size();
            if (size > LogText.KEEP) {
                offset = size - LogText.KEEP;
                text.startsMidway();
            }
        } catch (NotFoundException noLogStored) {
            // nothing to skip
        }
    }

    /** On a timer thread: one update at a time is queued, so a UI that stops answering collects no backlog. */
    private void poll() {
        LiveUpdates updates = live;
        if (updates == null || updateQueued.get()) {
            return;
        }
        read(TICK_READ);
        if (!text.hasUpdate()) {
            if (complete) {
                updates.stop();
            }
            return;
        }
        if (updateQueued.compareAndSet(false, true) && !updates.access(() -> {
            updateQueued.set(false);
            show();
        })) {
            updateQueued.set(false);
        }
    }

    /** Reads what was appended, up to the budget; notes when an ended job's log has been read to its end. */
    private void read(int budget) {
        // a tick still running after a detach must not read the same bytes as the next attach
        synchronized (reading) {
            boolean endedBefore = ended;
            for (int read = 0; read < budget && !complete; ) {
                LogReader.LogChunk chunk = jobs.readLog(job, offset, CHUNK);
                if (chunk.bytes().length == 0) {
                    // a job that had ended before this read started has nothing more to write
                    complete = endedBefore;
                    return;
                }
                text.append(chunk.bytes());
                offset = chunk.nextOffset();
                read += chunk.bytes().length;
            }
        }
    }

    /** In the UI thread: appends the new text (or replaces it after a cut) and scrolls when following. */
    private void show() {
        LogText.Update update = text.take();
        if (update == null) {
            return;
        }
        if (update.replace() || nodes >= MAX_NODES) {
            log.setText(update.replace() ? update.text() : text.text());
            nodes = 1;
        } else {
            log.getElement().appendChild(Element.createText(update.text()));
            nodes++;
        }
        note.setVisible(text.isCut());
        if (follow.getValue()) {
            scrollToEnd();
        }
    }

    private void scrollToEnd() {
        log.getElement().executeJs("this.scrollTop = this.scrollHeight");
    }

    /** Streams the whole log in the download request (which carries the user's sign-in, checked again). */
    private DownloadHandler downloadHandler() {
        return event -> {
            event.setFileName(job + "-std_log.txt");
            event.setContentType("text/plain; charset=utf-8");
            OutputStream out = event.getOutputStream();
            long from = 0;
            while (true) {
                LogReader.LogChunk chunk = jobs.readLog(job, from, 1 << 20);
                if (chunk.bytes().length == 0) {
                    return;
                }
                out.write(chunk.bytes());
                from = chunk.nextOffset();
            }
        };
    }
}
