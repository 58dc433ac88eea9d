package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.Span;
import dev.modelyard.base.SafeText;
import dev.modelyard.models.formats.ModelFormats;
import dev.modelyard.shell.ui.StagingArea;
import java.util.List;
import java.util.Optional;

/**
 * Says, as soon as the files are staged, that an archive of one folder ({@code zip -r m.zip model-folder}) will be
 * registered from inside that folder, and shows what that does to a path. Decides as ModelService does
 * (decision 018): archives only, every entry in one top-level folder that is not a Triton model folder.
 */
final class UnwrapNotice extends Span {

    UnwrapNotice() {
        setId("upload-notice");
        addClassName("field-note");
        setVisible(false);
    }

    /**
     * Updates the notice for the staged {@code paths}, uploaded as files named {@code uploadedNames}; returns the
     * paths as they will be registered.
     */
    List<String> update(List<String> paths, List<String> uploadedNames) {
        boolean archivesOnly = !uploadedNames.isEmpty() && uploadedNames.stream().allMatch(StagingArea::isArchive);
        Optional<String> folder = archivesOnly ? ModelFormats.wrappingFolder(paths) : Optional.empty();
        setText(folder.map(f -> {
            String example = example(paths, f);
            return "Every file is inside the folder " + SafeText.quote(f, 80) + ", so the version is registered "
                    + "from inside it: " + SafeText.quote(example, 120) + " becomes "
                    + SafeText.quote(example.substring(f.length() + 1), 120) + ".";
        }).orElse(""));
        setVisible(folder.isPresent());
        return folder.isPresent() ? ModelFormats.asRegistered(paths) : paths;
    }

    /** A path to show what unwrapping does: the MLmodel or config.pbtxt if there is one, else the first. */
    private static String example(List<String> paths, String folder) {
        return paths.stream().filter(p -> p.equals(folder + "/MLmodel") || p.endsWith("/config.pbtxt")).findFirst()
                .orElse(paths.get(0));
    }
}
