package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The code of a job: Vaadin's Upload (many files, drag and drop) streaming each file into a {@link CodeStaging}
 * from its upload request, the names of what is staged, and the error about the code, if any.
 */
class CodeUpload extends VerticalLayout {

    /** Marks a refused file as failed in the Upload's list. */
    private static final int REFUSED = 422;
    /** A file that arrived for a set that was discarded meanwhile. */
    private static final int DROPPED = 409;
    private static final int NAMES_SHOWN = 8;

    private final CodeStaging staging;
    private final Upload upload = new Upload(new StreamingHandler());
    private final Span staged = new Span();
    private final Span error = new Span();
    private final Button clear = new Button("Clear files", VaadinIcon.TRASH.create(), e -> clearFiles());

    CodeUpload(CodeStaging staging) {
        this.staging = staging;
        setPadding(false);
        setSpacing(false);
        addClassName("job-code-upload");
        upload.setId("job-code-upload");
        upload.setWidthFull();
        upload.setDropLabel(new Span("Drop the job's code here: its files, or one .zip / .tar / .tar.gz"));
        // the Upload's own list stays: it shows each file's progress and result, which the one-line summary does not
        staged.setId("job-code-files");
        error.setId("job-code-error");
        error.addClassName("field-error");
        error.getElement().setAttribute("role", "alert");
        error.setVisible(false);
        clear.setId("job-code-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        HorizontalLayout footer = new HorizontalLayout(staged, clear);
        footer.setWidthFull();
        footer.setAlignItems(FlexComponent.Alignment.CENTER);
        footer.expand(staged);
        add(upload, error, footer);
        showFiles(List.of());
    }

    boolean isUploading() {
        return upload.isUploading();
    }

    List<StagedFile> files() {
        return staging.files();
    }

    /** Runs {@code action} with the staged code; empty while a file is still arriving. */
    <T> Optional<T> withCode(Function<StagedUpload, T> action) {
        return staging.use(action);
    }

    void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    /** Deletes the staged code, e.g. once it is stored with a job, or when the dialog closes. */
    void discard() {
        staging.discard();
        upload.clearFileList();
        showFiles(List.of());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        // a closed dialog, a closed tab or an expired session: nothing staged may outlive the dialog
        staging.discard();
        super.onDetach(event);
    }

    private void clearFiles() {
        clearError();
        discard();
    }

    /**
     * In the UI lock. Files arrive in parallel and their outcomes may be queued out of order, so the list shown is the
     * staging set as it is now, never the (possibly older) set the outcome saw.
     */
    private void received(CodeStaging.Outcome outcome) {
        switch (outcome.result()) {
            case STAGED -> {
                clearError();
                showFiles(staging.files());
            }
            case REFUSED -> {
                showError(JobFormats.sentence(outcome.problem()) + " The staged files were removed; add them again.");
                upload.clearFileList();
                showFiles(staging.files());
            }
            case DUPLICATE -> showError(JobFormats.sentence(outcome.problem()));
            case DROPPED -> showFiles(staging.files());
        }
    }

    private void showFiles(List<StagedFile> files) {
        long total = files.stream().mapToLong(StagedFile::size).sum();
        String names = files.stream().limit(NAMES_SHOWN).map(StagedFile::path).collect(Collectors.joining(", "));
        staged.setText(files.isEmpty() ? "No code yet" : files.size() + (files.size() == 1 ? " file" : " files")
                + " (" + JobFormats.bytes(total) + "): " + names + (files.size() > NAMES_SHOWN ? ", …" : ""));
        clear.setEnabled(!files.isEmpty());
    }

    /** Vaadin calls it once per file, on that file's request thread: the bytes go straight to disk. */
    private final class StreamingHandler implements UploadHandler {

        @Override
        public void handleUploadRequest(UploadEvent event) {
            int startedIn = staging.generation();
            UI ui = event.getUI();
            CodeStaging.Outcome outcome = staging.add(event.getFileName(), event.getInputStream(), startedIn);
            if (outcome.result() != CodeStaging.Result.STAGED) {
                event.getResponse().setStatus(outcome.result() == CodeStaging.Result.DROPPED ? DROPPED : REFUSED);
            }
            try {
                ui.access(() -> received(outcome));
            } catch (UIDetachedException gone) {
                // the dialog is gone and has discarded its files
            }
        }

        @Override
        public void responseHandled(boolean success, VaadinResponse response) {
            // success keeps the status chosen above (200 unless the file was refused)
            if (!success) {
                UploadHandler.super.responseHandled(false, response);
            }
        }
    }
}
