package dev.modelyard.shell.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.base.ui.Reveal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one staged upload of the portal (the register form's files, the submit dialog's code): Vaadin's Upload (many
 * files, drag and drop, per-file progress and cancel) streaming each file straight into a {@link StagingArea}, the
 * staged files by path, their total, Clear files, and the error about them. Nothing staged outlives the component:
 * it deletes its files on detach. See docs/decisions/005-register-form-uploads.md and 018-one-upload-component.md.
 */
public class UploadPanel extends VerticalLayout {

    /** The response to a refused file, so the upload marks that file as failed. */
    private static final int REFUSED = 422;
    /** The response to a file that arrived for a set that was cleared meanwhile. */
    private static final int OUTDATED = 409;

    /** The element ids a form's tests and the browser journeys find the parts by. */
    public record Ids(String upload, String error, String list, String summary, String clear) {

        /** {@code prefix-upload}, {@code prefix-error}, {@code prefix-list}, {@code prefix-files}, {@code prefix-clear}. */
        public static Ids prefixed(String prefix) {
            return new Ids(prefix + "-upload", prefix + "-error", prefix + "-list", prefix + "-files", prefix + "-clear");
        }
    }

    private final StagingArea staging;
    private final Upload upload = new Upload(new StreamingHandler());
    private final Span error = new Span();
    private final Grid<StagedFile> list = new Grid<>();
    private final Span summary = new Span();
    private final Button clear = new Button("Clear files", VaadinIcon.TRASH.create(), e -> clearFiles());
    private final List<Consumer<List<StagedFile>>> listeners = new ArrayList<>();
    /** The names the user gave (an archive's, not its entries'), to name them in a refusal; UI thread only. */
    private final Set<String> received = new LinkedHashSet<>();

    public UploadPanel(StagingArea staging, Ids ids, String dropLabel) {
        this.staging = staging;
        setPadding(false);
        setSpacing(false);
        addClassName("upload-panel");

        upload.setId(ids.upload());
        upload.setWidthFull();
        upload.setDropLabel(new Span(dropLabel));
        // the Upload counts files in flight from these events; a form's submit button follows that count
        upload.getElement().addEventListener("upload-start", e -> notifyListeners());
        upload.addAllFinishedListener(e -> {
            // the Upload's own list shows progress and cancel while files travel; once all have arrived the
            // staged list below is the one that matters, so the first is emptied rather than kept as a duplicate
            upload.clearFileList();
            notifyListeners();
        });
        upload.setI18n(new UploadI18N().setUploading(new UploadI18N.Uploading().setError(
                new UploadI18N.Uploading.Error().setForbidden("Not staged").setUnexpectedServerError("Not staged"))));

        error.setId(ids.error());
        error.addClassName("field-error");
        error.getElement().setAttribute("role", "alert");
        // focusable from code (not by Tab), so a form can move the focus to a refusal it shows here
        error.getElement().setAttribute("tabindex", "-1");
        error.setVisible(false);

        list.setId(ids.list());
        list.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        list.addColumn(StagedFile::path).setHeader("Staged file").setFlexGrow(1);
        list.addColumn(f -> DisplayFormats.bytes(f.size())).setHeader("Size").setTextAlign(ColumnTextAlign.END)
                .setWidth("7rem").setFlexGrow(0);
        list.setEmptyStateText("No files yet");
        // a fixed height keeps the form from jumping as files arrive
        list.setHeight("12rem");

        clear.setId(ids.clear());
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        summary.setId(ids.summary());
        HorizontalLayout footer = new HorizontalLayout(summary, clear);
        footer.setWidthFull();
        footer.setAlignItems(FlexComponent.Alignment.CENTER);
        footer.expand(summary);

        add(upload, error, list, footer);
        showFiles(List.of());
    }

    /** The height of the staged list; a dialog has less room than a page. */
    public void setListHeight(String height) {
        list.setHeight(height);
    }

    /** Called with the staged files whenever they (or the uploads in flight) change. */
    public void addChangeListener(Consumer<List<StagedFile>> listener) {
        listeners.add(listener);
    }

    /** The staged files, by path. */
    public List<StagedFile> files() {
        return staging.files();
    }

    /** The names of the files the user uploaded into the current set (an archive by its own name), in order. */
    public List<String> uploadedNames() {
        return List.copyOf(received);
    }

    /** Whether a file is still on its way; the files are not complete until it has arrived. */
    public boolean isUploading() {
        return upload.isUploading();
    }

    /** Runs {@code action} with the staged files; empty when a file is still streaming in. */
    public <T> Optional<T> withStaged(Function<StagedUpload, T> action) {
        return staging.withStaged(action);
    }

    /** Deletes the staged files and empties the list, e.g. once they are registered or submitted. */
    public void reset() {
        staging.reset();
        received.clear();
        upload.clearFileList();
        showFiles(List.of());
    }

    /** Shows a problem with the files, such as one the format check found, beside the upload. */
    public void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    public void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    /** Scrolls the shown error into view and moves the focus to it, so a refusal is seen where it is written. */
    public void revealError() {
        Reveal.reveal(error);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        // navigation away, a closed dialog or tab, an expired session: nothing staged may outlive the form, and a
        // dialog opened again shows no files that are gone
        staging.close();
        received.clear();
        upload.clearFileList();
        showFiles(List.of());
        super.onDetach(event);
    }

    private void clearFiles() {
        clearError();
        reset();
    }

    /** In the UI lock: shows what became of one uploaded file. */
    private void received(String fileName, StagingArea.Outcome outcome) {
        switch (outcome.status()) {
            case STAGED -> {
                clearError();
                received.add(fileName);
                // the set as it is now: with parallel uploads, this file's outcome may be older than another's
                showFiles(staging.files());
            }
            case REJECTED -> {
                showError(DisplayFormats.sentence(outcome.problem()) + " The staged files were removed; add them again.");
                received.clear();
                upload.clearFileList();
                showFiles(List.of());
            }
            case DUPLICATE -> showError(DisplayFormats.sentence(outcome.problem()));
            case DISCARDED -> showFiles(staging.files());
        }
    }

    private void showFiles(List<StagedFile> files) {
        list.setItems(files);
        long total = files.stream().mapToLong(StagedFile::size).sum();
        summary.setText(files.isEmpty() ? "Nothing staged"
                : DisplayFormats.count(files.size(), "file") + ", " + DisplayFormats.bytes(total) + " in total");
        clear.setEnabled(!files.isEmpty());
        notifyListeners();
    }

    private void notifyListeners() {
        List<StagedFile> files = staging.files();
        listeners.forEach(listener -> listener.accept(files));
    }

    /** Streams each uploaded file into the staging area as it arrives; Vaadin calls it once per file. */
    private final class StreamingHandler implements UploadHandler {

        @Override
        public void handleUploadRequest(UploadEvent event) {
            int startedIn = staging.generation();
            UI ui = event.getUI();
            String fileName = event.getFileName();
            // read to its end straight into the staging folder: never buffered, hashed and checked on the way
            StagingArea.Outcome outcome = staging.add(fileName, event.getInputStream(), startedIn);
            if (outcome.status() != StagingArea.Outcome.Status.STAGED) {
                event.getResponse().setStatus(outcome.status() == StagingArea.Outcome.Status.DISCARDED
                        ? OUTDATED : REFUSED);
            }
            try {
                ui.access(() -> received(fileName, outcome));
            } catch (UIDetachedException gone) {
                // the form is gone and has closed its staging area; nothing left to show
            }
        }

        @Override
        public void responseHandled(boolean success, VaadinResponse response) {
            // success leaves the status handleUploadRequest chose (200 unless it refused the file)
            if (!success) {
                UploadHandler.super.responseHandled(false, response);
            }
        }
    }
}
