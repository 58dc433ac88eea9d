package dev.modelyard.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.base.ui.Reveal;
import dev.modelyard.models.ResolvedSource;

/**
 * The files a reference names (a job's output folder), shown instead of the upload when the form registers
 * from stored files: nothing is uploaded and no bytes are written.
 */
class SourcePanel extends VerticalLayout {

    private final Span heading = new Span();
    private final Grid<ArtifactFile> list = new Grid<>();
    private final Span summary = new Span();
    private final Span error = new Span();

    SourcePanel(Runnable uploadInstead) {
        setPadding(false);
        setSpacing(false);
        setId("source-panel");
        heading.setId("source-reference");
        heading.addClassName("source-reference");
        list.setId("source-files");
        list.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        list.addColumn(ArtifactFile::path).setHeader("File").setFlexGrow(1);
        list.addColumn(f -> DisplayFormats.bytes(f.size())).setHeader("Size").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        list.setHeight("12rem");
        list.setWidthFull();
        summary.setId("source-summary");
        Button upload = new Button("Upload files instead", e -> uploadInstead.run());
        upload.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        upload.setId("upload-instead");
        error.setId("source-error");
        error.addClassName("field-error");
        error.getElement().setAttribute("role", "alert");
        error.getElement().setAttribute("tabindex", "-1");
        error.setVisible(false);
        add(heading, error, list, summary, upload);
        setVisible(false);
    }

    /** Shows why these stored files could not be registered, scrolled into view and focused. */
    void showError(String message) {
        error.setText(message);
        error.setVisible(true);
        Reveal.reveal(error);
    }

    void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    void show(String reference, ResolvedSource source) {
        String job = source.source().job();
        heading.setText(job == null ? reference : "From job " + job + ": " + source.source().path() + "/");
        heading.getElement().setAttribute("title", reference);
        list.setItems(source.files());
        long total = source.files().stream().mapToLong(ArtifactFile::size).sum();
        summary.setText(source.files().size() + (source.files().size() == 1 ? " file, " : " files, ")
                + DisplayFormats.bytes(total) + " — already stored, nothing is uploaded");
        setVisible(true);
    }
}
