package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.FilePreview;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import java.util.Locale;
import java.util.Set;

/** The selected artifact: name, size, download link, and the beginning of its text when it is text. */
class FilePreviewPanel extends Div {

    static final int PREVIEW_BYTES = 64 * 1024;
    static final int CSV_LINES = 20;
    /** Names common in model folders whose media type the name alone does not reveal as text. */
    private static final Set<String> TEXT_NAMES = Set.of("MLmodel", "requirements.txt", "Dockerfile", "LICENSE");
    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "pbtxt", "yaml", "yml", "json", "csv", "md", "txt", "py", "toml", "cfg", "ini", "xml", "sh", "log");

    private final ModelService models;
    private final VersionRef ref;
    private final Pre pre = new Pre();

    FilePreviewPanel(ModelService models, VersionRef ref) {
        this.models = models;
        this.ref = ref;
        addClassName("file-preview-panel");
        pre.setId("artifact-preview");
        pre.addClassName("artifact-preview");
        show(null);
    }

    /** Shows a file, or for a folder or nothing, a hint. */
    void show(ArtifactNode node) {
        removeAll();
        if (node == null || node.folder()) {
            add(Facts.note("Select a file to see it here; text files are previewed."));
            return;
        }
        ArtifactFile file = node.file();
        Anchor download = Downloads.file(models, ref, file, "Download");
        download.setId("download-selected");
        H4 title = new H4(node.name());
        title.getStyle().set("margin", "0");
        HorizontalLayout heading = new HorizontalLayout(title, download);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        Span meta = Facts.note(file.path() + " · " + DisplayFormats.bytes(file.size()) + " · " + file.mediaType());
        meta.addClassName("preview-meta");
        add(heading, meta);
        if (isText(file)) {
            add(preview(models, ref, file, pre));
        } else {
            add(Facts.note("No preview: this looks like a binary file."));
        }
    }

    /** Whether a file is worth showing as text, by media type or by the names model folders use. */
    static boolean isText(ArtifactFile file) {
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ArtifactService.isText(file.mediaType()) || TEXT_NAMES.contains(name)
                || TEXT_EXTENSIONS.contains(extension);
    }

    /**
     * The first {@value #PREVIEW_BYTES} bytes of a file into {@code into}, with a note when that is not all of it.
     * A CSV shows only its first {@value #CSV_LINES} lines: enough to see the columns, few enough to read.
     */
    static Component preview(ModelService models, VersionRef ref, ArtifactFile file, Pre into) {
        FilePreview preview = models.preview(ref, file.path(), PREVIEW_BYTES);
        String text = preview.text();
        boolean truncated = preview.truncated();
        if (file.path().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            String head = firstLines(text, CSV_LINES);
            truncated |= head.length() < text.length();
            text = head;
        }
        into.setText(text);
        Div block = new Div();
        block.addClassName("preview-block");
        block.setWidthFull();
        if (truncated) {
            Span note = new Span("Preview truncated: showing the beginning of a "
                    + DisplayFormats.bytes(file.size()) + " file; download it to see all.");
            note.addClassName("preview-truncated");
            block.add(note);
        }
        block.add(into);
        return block;
    }

    static String firstLines(String text, int lines) {
        int end = -1;
        for (int i = 0; i < lines; i++) {
            end = text.indexOf('\n', end + 1);
            if (end < 0) {
                return text;
            }
        }
        return text.substring(0, end + 1);
    }
}
