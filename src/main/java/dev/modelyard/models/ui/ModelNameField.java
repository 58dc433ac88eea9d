package dev.modelyard.models.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelRules;
import dev.modelyard.models.ModelService;

/**
 * The model name: existing names to pick from, loaded lazily as the user types, or a new name. Beneath it, which
 * version a registration would get; invalid names show the rule they break.
 */
class ModelNameField extends ComboBox<String> {

    static final String EMPTY_HINT = "Pick a model to add a version to it, or type a new name";

    private final ModelService models;

    ModelNameField(ModelService models) {
        super("Name");
        this.models = models;
        setId("model-name");
        setWidthFull();
        setAllowCustomValue(true);
        setClearButtonVisible(true);
        setRequiredIndicatorVisible(true);
        setManualValidation(true);
        setPlaceholder("e.g. churn-classifier");
        // modelNames has no offset; a later page asks for more names and skips the ones shown already
        setItems(query -> models.modelNames(query.getFilter().orElse(""), query.getOffset() + query.getLimit())
                .stream().skip(query.getOffset()));
        addCustomValueSetListener(e -> setValue(e.getDetail().trim()));
        addValueChangeListener(e -> refreshHint());
        refreshHint();
    }

    /** The name as entered, trimmed; empty when none. */
    String name() {
        String value = getValue();
        return value == null ? "" : value.trim();
    }

    void showError(String message) {
        setErrorMessage(DisplayFormats.sentence(message));
        setInvalid(true);
    }

    /** Checks the name and says which version it would get; runs as the value changes and after registering. */
    void refreshHint() {
        String name = name();
        setInvalid(false);
        if (name.isEmpty()) {
            setHelperText(EMPTY_HINT);
            return;
        }
        try {
            ModelRules.requireValidName(name);
        } catch (InvalidInputException e) {
            setHelperText(null);
            showError(e.getMessage());
            return;
        }
        int next = models.nextVersion(name);
        if (next == 0) {
            setHelperText(null);
            showError("this model has used every version number; register under a new name");
            return;
        }
        setHelperText(next == 1 ? "new model — version 1" : "will be registered as version " + next);
    }
}
