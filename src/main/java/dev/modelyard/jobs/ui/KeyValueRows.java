package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Key/value rows (environment variables, tags) with add and remove, and one error line for the whole set. */
class KeyValueRows extends VerticalLayout {

    private final String idPrefix;
    private final String keyLabel;
    private final VerticalLayout rows = new VerticalLayout();
    private final List<TextField[]> fields = new ArrayList<>();
    private final Span error = new Span();
    private int created;

    KeyValueRows(String idPrefix, String title, String keyLabel, String addText) {
        this.idPrefix = idPrefix;
        this.keyLabel = keyLabel;
        setPadding(false);
        setSpacing(false);
        addClassName("key-value-rows");
        setId(idPrefix);
        rows.setPadding(false);
        rows.setSpacing(false);
        Span heading = new Span(title);
        heading.addClassName("key-value-title");
        Button add = new Button(addText, VaadinIcon.PLUS.create(), e -> addRow("", ""));
        add.setId(idPrefix + "-add");
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        error.setId(idPrefix + "-error");
        error.addClassName("field-error");
        error.getElement().setAttribute("role", "alert");
        error.setVisible(false);
        add(heading, rows, add, error);
    }

    /** Adds a row; its fields get the ids {@code <prefix>-key-<n>} and {@code <prefix>-value-<n>}. */
    void addRow(String key, String value) {
        int n = created++;
        TextField k = new TextField();
        k.setPlaceholder(keyLabel);
        k.setValue(key);
        k.setId(idPrefix + "-key-" + n);
        TextField v = new TextField();
        v.setPlaceholder("value");
        v.setValue(value);
        v.setId(idPrefix + "-value-" + n);
        TextField[] pair = {k, v};
        HorizontalLayout row = new HorizontalLayout(k, v);
        Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
            fields.remove(pair);
            rows.remove(row);
        });
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        remove.setAriaLabel("Remove " + keyLabel);
        row.add(remove);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWidthFull();
        row.expand(k, v);
        fields.add(pair);
        rows.add(row);
    }

    /** The rows with a key, in order; a later duplicate key wins, and the service checks names and values. */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (TextField[] pair : fields) {
            if (!pair[0].getValue().isBlank()) {
                values.put(pair[0].getValue().strip(), pair[1].getValue());
            }
        }
        return values;
    }

    void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    void clearError() {
        error.setText("");
        error.setVisible(false);
    }
}
