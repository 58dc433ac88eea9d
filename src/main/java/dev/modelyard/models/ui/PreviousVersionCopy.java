package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import java.util.Map;
import java.util.Optional;

/**
 * A new version of an existing model starts with the tags and description of its latest version (issue 13): most
 * versions differ in their files, not in what they are about, and a version without its model's tags drops out of
 * tag searches. Copied values are marked as such until the user edits them; a field the user filled in is never
 * overwritten, and copied values follow the name when it changes to another model.
 */
final class PreviousVersionCopy {

    private final ModelService models;
    private final TagsEditor tags;
    private final TextArea description;
    private final Span tagsNote = new Span();
    private boolean tagsCopied;
    private boolean descriptionCopied;

    PreviousVersionCopy(ModelService models, TagsEditor tags, TextArea description) {
        this.models = models;
        this.tags = tags;
        this.description = description;
        tagsNote.setId("tags-copied");
        tagsNote.addClassName("field-note");
        tagsNote.setVisible(false);
        tags.addEditListener(() -> {
            tagsCopied = false;
            tagsNote.setVisible(false);
        });
        description.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                descriptionCopied = false;
                description.setHelperText(null);
            }
        });
    }

    /** The note above the tags saying where they came from; hidden while they are the user's own. */
    Span tagsNote() {
        return tagsNote;
    }

    /** Fills the fields the user has not written in from the latest version of {@code modelName}, if it has one. */
    void copyFrom(String modelName) {
        Optional<ModelVersionDetails> previous = latestVersion(modelName);
        if (tagsCopied || tags.isBlank()) {
            Map<String, String> copied = previous.map(ModelVersionDetails::tags).orElse(Map.of());
            tags.fill(copied);
            tagsCopied = !copied.isEmpty();
            tagsNote.setText(tagsCopied ? "Copied from version " + previous.get().version()
                    + " — change or remove them for this version" : "");
            tagsNote.setVisible(tagsCopied);
        }
        if (descriptionCopied || description.getValue().isEmpty()) {
            String copied = previous.map(ModelVersionDetails::description).orElse(null);
            description.setValue(copied == null ? "" : copied);
            descriptionCopied = copied != null && !copied.isEmpty();
            description.setHelperText(descriptionCopied ? "Copied from version " + previous.get().version() : null);
        }
    }

    private Optional<ModelVersionDetails> latestVersion(String modelName) {
        if (modelName == null || modelName.isBlank()) {
            return Optional.empty();
        }
        try {
            ModelRules.requireValidName(modelName);
            return Optional.of(models.version(VersionRef.of(modelName, VersionRef.LATEST)));
        } catch (NotFoundException | InvalidInputException newOrInvalid) {
            return Optional.empty();
        }
    }
}
