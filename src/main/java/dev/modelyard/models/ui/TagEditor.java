package dev.modelyard.models.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.security.access.AccessDeniedException;

/**
 * Tags as chips. In edit mode chips get a remove button and a key/value row adds new ones; nothing is stored until
 * Save, which replaces the version's tags as a whole, so Cancel really does leave them untouched.
 */
class TagEditor extends Div {

    private final ModelService models;
    private final VersionRef ref;
    private final boolean canEdit;
    private final Consumer<ModelVersionDetails> onSaved;
    private Map<String, String> tags;
    private final TextField key = new TextField();
    private final TextField value = new TextField();

    TagEditor(ModelService models, VersionRef ref, Map<String, String> tags, boolean canEdit,
              Consumer<ModelVersionDetails> onSaved) {
        this.models = models;
        this.ref = ref;
        this.canEdit = canEdit;
        this.onSaved = onSaved;
        this.tags = new TreeMap<>(tags);
        setWidthFull();
        key.setId("tag-key");
        key.setPlaceholder("key");
        key.setAriaLabel("Tag key");
        key.setWidth("12rem");
        value.setId("tag-value");
        value.setPlaceholder("value (optional)");
        value.setAriaLabel("Tag value");
        value.setWidth("16rem");
        key.addValueChangeListener(e -> key.setInvalid(false));
        showChips();
    }

    private void showChips() {
        removeAll();
        FlexLayout chips = chipRow();
        chips.setId("tag-chips");
        chips.add(Badges.tags(tags));
        if (tags.isEmpty()) {
            chips.add(Facts.note("No tags."));
        }
        add(chips);
        if (canEdit) {
            Button edit = new Button("Edit tags", VaadinIcon.EDIT.create(), e -> showEditor(new TreeMap<>(tags)));
            edit.setId("edit-tags");
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            add(edit);
        }
    }

    private void showEditor(Map<String, String> working) {
        removeAll();
        FlexLayout chips = chipRow();
        chips.setId("tag-chips");
        working.forEach((k, v) -> {
            Span chip = Badges.tag(k, v);
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                working.remove(k);
                showEditor(working);
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
            remove.setAriaLabel("Remove tag " + k);
            remove.addClassName("remove-tag");
            chip.add(remove);
            chips.add(chip);
        });

        Button addTag = new Button("Add", VaadinIcon.PLUS.create(), e -> {
            if (takePending(working)) {
                showEditor(working);
            }
        });
        addTag.setId("add-tag");
        addTag.addClickShortcut(Key.ENTER).listenOn(key, value);
        HorizontalLayout addRow = new HorizontalLayout(key, value, addTag);
        addRow.setAlignItems(FlexComponent.Alignment.BASELINE);

        Button save = new Button("Save tags", e -> save(working));
        save.setId("save-tags");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> {
            clearFields();
            showChips();
        });
        cancel.setId("cancel-tags");
        add(chips, addRow, new HorizontalLayout(save, cancel));
        key.focus();
    }

    /**
     * Moves what is typed in the key/value fields into {@code working}, checked by the service's own rules so the
     * message appears beside the field at once; returns false (and shows why) if it is refused. Empty fields are fine.
     */
    private boolean takePending(Map<String, String> working) {
        String k = key.getValue().trim();
        if (k.isEmpty()) {
            if (!value.getValue().isEmpty()) {
                showError("A tag needs a key");
                return false;
            }
            return true;
        }
        try {
            ModelRules.requireValidTags(Map.of(k, value.getValue()));
        } catch (InvalidInputException e) {
            showError(e.getMessage());
            return false;
        }
        working.put(k, value.getValue());
        clearFields();
        return true;
    }

    private void save(Map<String, String> working) {
        if (!takePending(working)) {
            return;
        }
        try {
            ModelVersionDetails saved = models.update(ref, new UpdateVersionCommand(null, working));
            tags = new TreeMap<>(saved.tags());
            onSaved.accept(saved);
            Notices.success("Tags saved");
            showChips();
        } catch (InvalidInputException e) {
            showEditor(working);
            showError(e.getMessage());
        } catch (AccessDeniedException e) {
            Notices.error("Your role may not change tags");
        }
    }

    private void showError(String message) {
        key.setErrorMessage(message);
        key.setInvalid(true);
    }

    private void clearFields() {
        key.clear();
        value.clear();
        key.setInvalid(false);
    }

    private static FlexLayout chipRow() {
        FlexLayout chips = new FlexLayout();
        chips.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        chips.setAlignItems(FlexComponent.Alignment.CENTER);
        chips.getStyle().set("gap", "var(--lumo-space-xs)").set("margin-bottom", "var(--lumo-space-s)");
        return chips;
    }
}
