package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
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
    private final java.util.Map<TextField[], Checkbox> secret = new java.util.IdentityHashMap<>();
    private boolean secrets;
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

    /** Gives every row a "secret" checkbox ({@code <prefix>-secret-<n>}): such values are sealed and never shown. */
    KeyValueRows withSecrets() {
        this.secrets = true;
        return this;
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
        if (secrets) {
            Checkbox box = new Checkbox("secret");
            box.setId(idPrefix + "-secret-" + n);
            box.setTooltipText("Stored encrypted; shown as •••• to everyone, you included, after submission");
            secret.put(pair, box);
            row.add(box);
        }
        Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
            fields.remove(pair);
            secret.remove(pair);
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

    /** The rows with a key not marked secret, in order; a later duplicate key wins; the service checks them. */
    Map<String, String> values() {
        return values(false);
    }

    /** The rows with a key marked secret. */
    Map<String, String> secretValues() {
        return values(true);
    }

    private Map<String, String> values(boolean secretOnes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (TextField[] pair : fields) {
            boolean isSecret = secret.containsKey(pair) && secret.get(pair).getValue();
            if (!pair[0].getValue().isBlank() && isSecret == secretOnes) {
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
