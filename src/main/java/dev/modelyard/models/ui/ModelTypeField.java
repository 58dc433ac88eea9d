package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelType;
import java.util.Map;
import java.util.Optional;

/**
 * The model type: one radio button per type with the one line it expects. It follows what the staged files look
 * like until the user picks a type; after that it only warns when the files look like another type.
 */
class ModelTypeField extends VerticalLayout {

    /** Why the files look like a type, in the words of {@link dev.modelyard.models.formats.ModelFormats#suggestType}. */
    private static final Map<ModelType, String> EVIDENCE = Map.of(
            ModelType.MLFLOW, "MLmodel at the root",
            ModelType.TRITON, "config.pbtxt in a model folder");

    private final RadioButtonGroup<ModelType> group = new RadioButtonGroup<>("Type");
    private final Span warning = new Span();
    private ModelType suggested;
    private boolean hasFiles;
    private boolean chosenByUser;

    ModelTypeField() {
        setPadding(false);
        setSpacing(false);
        group.setId("model-type");
        group.setItems(ModelType.values());
        group.setItemLabelGenerator(ModelType::label);
        group.setRenderer(new ComponentRenderer<>(ModelTypeField::option));
        group.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        group.setRequiredIndicatorVisible(true);
        group.setManualValidation(true);
        group.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                chosenByUser = true;
            }
            group.setInvalid(false);
            updateWarning();
        });
        warning.setId("type-warning");
        warning.addClassName("field-warning");
        warning.setVisible(false);
        add(group, warning);
    }

    ModelType value() {
        return group.getValue();
    }

    /** Takes the type the staged files look like, if any; selects it unless the user has chosen. */
    void suggest(Optional<ModelType> type, boolean filesStaged) {
        suggested = type.orElse(null);
        hasFiles = filesStaged;
        if (!chosenByUser) {
            group.setValue(suggested);
        }
        updateWarning();
    }

    /** The radio group itself, to scroll to and focus when the choice is refused. */
    Component choice() {
        return group;
    }

    void showError(String message) {
        group.setErrorMessage(DisplayFormats.sentence(message));
        group.setInvalid(true);
    }

    void clearError() {
        group.setInvalid(false);
    }

    private void updateWarning() {
        ModelType selected = group.getValue();
        String text = null;
        if (selected != null && suggested != null && selected != suggested) {
            text = "The files look like " + article(suggested) + " model (" + EVIDENCE.get(suggested) + ") but "
                    + selected.label() + " is selected";
        } else if (selected != null && suggested == null && hasFiles && EVIDENCE.containsKey(selected)) {
            text = selected.label() + " is selected but the files do not look like " + article(selected)
                    + " model (no " + EVIDENCE.get(selected) + ")";
        }
        warning.setText(text == null ? "" : text);
        warning.setVisible(text != null);
    }

    private static String article(ModelType type) {
        return (type == ModelType.MLFLOW ? "an " : "a ") + type.label();
    }

    private static Div option(ModelType type) {
        Span label = new Span(type.label());
        label.addClassName("type-label");
        Span expects = new Span(type.expects());
        expects.addClassName("type-expects");
        Div option = new Div(label, expects);
        option.addClassName("type-option");
        return option;
    }
}
