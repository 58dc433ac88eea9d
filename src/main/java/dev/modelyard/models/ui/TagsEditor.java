package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Key–value rows for a version's tags or properties. Keys are checked as they are typed; everything, duplicates
 * included, is checked on submit with the same {@link ModelRules} the service applies.
 */
class TagsEditor extends VerticalLayout {

    private final String idPrefix;
    private final String noun;
    private final int maxValue;
    private final Consumer<Map<String, String>> rules;
    private final VerticalLayout rowsLayout = new VerticalLayout();
    private final List<Row> rows = new ArrayList<>();
    private final Span error = new Span();
    private final List<Runnable> editListeners = new ArrayList<>();

    private TagsEditor(String idPrefix, String noun, String addId, int maxValue, Consumer<Map<String, String>> rules) {
        this.idPrefix = idPrefix;
        this.noun = noun;
        this.maxValue = maxValue;
        this.rules = rules;
        setPadding(false);
        setSpacing(false);
        addClassName("tags-editor");
        rowsLayout.setPadding(false);
        rowsLayout.setSpacing(false);
        error.addClassName("field-error");
        error.getElement().setAttribute("role", "alert");
        error.setVisible(false);
        Button add = new Button("Add " + noun, VaadinIcon.PLUS.create(), e -> {
            addRow("", "").key.focus();
            edited();
        });
        add.setId(addId);
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        add(rowsLayout, error, add);
    }

    static TagsEditor forTags() {
        return new TagsEditor("tag", "tag", "add-tag", ModelRules.MAX_TAG_VALUE, ModelRules::requireValidTags);
    }

    static TagsEditor forProperties() {
        return new TagsEditor("property", "property", "add-property", ModelRules.MAX_PROPERTY_VALUE,
                ModelRules::requireValidProperties);
    }

    /** Adds a row; returns it so the caller can focus or fill it. */
    Row addRow(String key, String value) {
        Row row = new Row();
        row.key.setValue(key);
        row.value.setValue(value);
        rows.add(row);
        rowsLayout.add(row);
        numberRows();
        return row;
    }

    /** Replaces every row with {@code values}, in their order; not an edit by the user. */
    void fill(Map<String, String> values) {
        rows.clear();
        rowsLayout.removeAll();
        clearError();
        values.forEach(this::addRow);
    }

    /** The first marked key or value, if any: where a refusal takes the user. */
    Optional<Component> problem() {
        return rows.stream().flatMap(r -> java.util.stream.Stream.of(r.key, r.value)).filter(TextField::isInvalid)
                .<Component>map(f -> f).findFirst();
    }

    /** Whether no row holds a key or a value. */
    boolean isBlank() {
        return rows.stream().allMatch(r -> r.key.getValue().isBlank() && r.value.getValue().isEmpty());
    }

    /** Called when the user adds, removes or types in a row (not when the rows are {@link #fill filled}). */
    void addEditListener(Runnable listener) {
        editListeners.add(listener);
    }

    int rowCount() {
        return rows.size();
    }

    /**
     * The pairs of the non-blank rows, or empty after marking every row that breaks a rule: a bad or duplicate key,
     * a value too long or with control characters, a value without a key.
     */
    Optional<Map<String, String>> validatedValues() {
        clearError();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        boolean valid = true;
        for (Row row : rows) {
            String key = row.key.getValue().trim();
            String value = row.value.getValue();
            row.clearErrors();
            if (key.isEmpty() && value.isEmpty()) {
                continue;
            }
            Optional<String> problem = key.isEmpty() ? Optional.of("A key is required") : keyProblem(key);
            if (problem.isEmpty() && !seen.add(key)) {
                problem = Optional.of(duplicate(key));
            }
            if (problem.isPresent()) {
                row.key.setErrorMessage(problem.get());
                row.key.setInvalid(true);
                valid = false;
                continue;
            }
            Optional<String> valueProblem = check(Map.of(key, value));
            if (valueProblem.isPresent()) {
                row.value.setErrorMessage(valueProblem.get());
                row.value.setInvalid(true);
                valid = false;
                continue;
            }
            values.put(key, value);
        }
        Optional<String> whole = valid ? check(values) : Optional.empty();
        whole.ifPresent(this::showError);
        return valid && whole.isEmpty() ? Optional.of(values) : Optional.empty();
    }

    /** Shows a problem with the set as a whole, such as one the service reported. */
    void showError(String message) {
        error.setText(DisplayFormats.sentence(message));
        error.setVisible(true);
    }

    void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    private static String duplicate(String key) {
        return "Duplicate key " + SafeText.quote(key, 80) + "; each key appears once";
    }

    private Optional<String> keyProblem(String key) {
        // an empty value passes every value rule, so whatever fails is the key's fault
        return check(Map.of(key, ""));
    }

    private Optional<String> check(Map<String, String> pairs) {
        try {
            rules.accept(pairs);
            return Optional.empty();
        } catch (InvalidInputException e) {
            return Optional.of(DisplayFormats.sentence(e.getMessage()));
        }
    }

    private void remove(Row row) {
        rows.remove(row);
        rowsLayout.remove(row);
        numberRows();
        edited();
    }

    private void edited() {
        editListeners.forEach(Runnable::run);
    }

    /** Ids follow the rows' positions, so browser tests can address row i. */
    private void numberRows() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            row.key.setId(idPrefix + "-key-" + i);
            row.value.setId(idPrefix + "-value-" + i);
            row.remove.setId(idPrefix + "-remove-" + i);
        }
    }

    /** One pair: key, value and a remove button. */
    final class Row extends HorizontalLayout {
        final TextField key = new TextField();
        final TextField value = new TextField();
        final Button remove = new Button(VaadinIcon.CLOSE_SMALL.create());

        private Row() {
            setWidthFull();
            setAlignItems(FlexComponent.Alignment.BASELINE);
            addClassName("tag-row");
            key.setPlaceholder("key");
            key.setWidth("14rem");
            key.setManualValidation(true);
            key.setValueChangeMode(ValueChangeMode.LAZY);
            key.addValueChangeListener(e -> {
                checkKey();
                if (e.isFromClient()) {
                    edited();
                }
            });
            key.getElement().setAttribute("aria-label", noun + " key");
            value.setPlaceholder("value");
            value.setMaxLength(maxValue);
            value.setManualValidation(true);
            value.addValueChangeListener(e -> {
                value.setInvalid(false);
                if (e.isFromClient()) {
                    edited();
                }
            });
            value.getElement().setAttribute("aria-label", noun + " value");
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
            remove.setTooltipText("Remove " + noun);
            remove.getElement().setAttribute("aria-label", "Remove " + noun);
            remove.addClickListener(e -> TagsEditor.this.remove(this));
            add(key, value, remove);
            expand(value);
        }

        /** The live check of this row's key: its pattern, and whether an earlier row has it already. */
        private void checkKey() {
            String k = key.getValue().trim();
            Optional<String> problem = k.isEmpty() ? Optional.empty() : keyProblem(k);
            if (problem.isEmpty() && !k.isEmpty() && rows.stream().takeWhile(r -> r != this)
                    .anyMatch(r -> r.key.getValue().trim().equals(k))) {
                problem = Optional.of(duplicate(k));
            }
            key.setErrorMessage(problem.orElse(null));
            key.setInvalid(problem.isPresent());
        }

        private void clearErrors() {
            key.setInvalid(false);
            value.setInvalid(false);
        }
    }
}
