package dev.modelyard.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import java.util.function.Consumer;
import org.springframework.security.access.AccessDeniedException;

/**
 * A version's description as plain text with its line breaks kept; contributors switch to a text area to change it.
 * Plain text rather than Markdown: nothing on the classpath renders Markdown to HTML that we could trust unsanitised.
 */
class DescriptionEditor extends Div {

    private final ModelService models;
    private final VersionRef ref;
    private final boolean canEdit;
    private final Consumer<ModelVersionDetails> onSaved;
    private String description;

    DescriptionEditor(ModelService models, VersionRef ref, String description, boolean canEdit,
                      Consumer<ModelVersionDetails> onSaved) {
        this.models = models;
        this.ref = ref;
        this.canEdit = canEdit;
        this.onSaved = onSaved;
        this.description = description == null ? "" : description;
        setWidthFull();
        showText();
    }

    private void showText() {
        removeAll();
        Div text = new Div();
        text.setId("description-text");
        text.addClassName("description-text");
        if (description.isBlank()) {
            add(Facts.note("No description."));
        } else {
            text.setText(description);
            add(text);
        }
        if (canEdit) {
            Button edit = new Button("Edit", VaadinIcon.EDIT.create(), e -> showEditor());
            edit.setId("edit-description");
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            add(edit);
        }
    }

    private void showEditor() {
        removeAll();
        TextArea area = new TextArea();
        area.setId("description-field");
        area.setAriaLabel("Description");
        area.setValue(description);
        area.setMaxLength(ModelRules.MAX_DESCRIPTION);
        area.setWidthFull();
        area.setMinHeight("8rem");
        area.setMaxHeight("24rem");

        Button save = new Button("Save", e -> save(area));
        save.setId("save-description");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> showText());
        cancel.setId("cancel-description");
        add(area, new HorizontalLayout(save, cancel));
        area.focus();
    }

    private void save(TextArea area) {
        try {
            ModelVersionDetails saved = models.update(ref, new UpdateVersionCommand(area.getValue(), null));
            description = saved.description() == null ? "" : saved.description();
            onSaved.accept(saved);
            Notices.success("Description saved");
            showText();
        } catch (InvalidInputException e) {
            area.setErrorMessage(e.getMessage());
            area.setInvalid(true);
        } catch (AccessDeniedException e) {
            Notices.error("Your role may not change descriptions");
        }
    }
}
