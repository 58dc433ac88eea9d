package dev.modelyard.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.AliasChange;
import dev.modelyard.models.AliasService;
import dev.modelyard.models.ModelCatalogService;
import dev.modelyard.models.RegisteredModelDetails;
import dev.modelyard.models.VersionRef;
import java.util.Map;

/**
 * The model's aliases (set, move or delete for contributors, pointing at the version shown), its model-level
 * tags, and every alias change ever made, newest first: what {@code @champion} pointed to at any time.
 */
class AliasesTab extends VerticalLayout {

    private final AliasService aliases;
    private final ModelCatalogService catalog;
    private final VersionRef shown;
    private final boolean canEdit;
    private final VerticalLayout current = new VerticalLayout();
    private final Grid<AliasChange> history = new Grid<>();
    private final Span modelTags = new Span();

    AliasesTab(AliasService aliases, ModelCatalogService catalog, VersionRef shown, boolean canEdit) {
        this.aliases = aliases;
        this.catalog = catalog;
        this.shown = shown;
        this.canEdit = canEdit;
        setPadding(false);
        current.setPadding(false);
        current.setId("alias-list");
        modelTags.setId("model-tags");
        history.setId("alias-history");
        history.addColumn(AliasChange::alias).setHeader("Alias").setAutoWidth(true);
        history.addColumn(c -> c.version() == null ? "— (deleted)" : "version " + c.version()).setHeader("Points to");
        history.addColumn(c -> DisplayFormats.dateTime(c.at())).setHeader("When").setAutoWidth(true);
        history.addColumn(AliasChange::by).setHeader("By").setAutoWidth(true);
        history.setAllRowsVisible(true);
        add(new H4("Model tags"), modelTags, new H4("Aliases"), current);
        if (canEdit) {
            add(setForm());
        }
        add(new H4("Alias history"), history);
        refresh();
    }

    private HorizontalLayout setForm() {
        TextField alias = new TextField("Alias");
        alias.setId("alias-name");
        alias.setPlaceholder("champion");
        Button set = new Button("Point at version " + shown.version(), e -> {
            try {
                aliases.set(shown.name(), alias.getValue().trim(), shown.version());
                alias.clear();
                alias.setInvalid(false);
                refresh();
            } catch (InvalidInputException | NotFoundException ex) {
                alias.setErrorMessage(ex.getMessage());
                alias.setInvalid(true);
            }
        });
        set.setId("alias-set");
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(alias, set);
        form.setAlignItems(Alignment.BASELINE);
        return form;
    }

    private void refresh() {
        RegisteredModelDetails model = catalog.get(shown.name());
        modelTags.setText(model.tags().isEmpty() ? "none" : String.join(", ", model.tags().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        current.removeAll();
        if (model.aliases().isEmpty()) {
            current.add(new Span("No aliases yet."));
        }
        for (Map.Entry<String, Integer> a : model.aliases().entrySet()) {
            Span label = new Span("@" + a.getKey() + " → version " + a.getValue());
            HorizontalLayout row = new HorizontalLayout(label);
            row.setAlignItems(Alignment.BASELINE);
            if (canEdit) {
                Button delete = new Button("Remove", e -> {
                    aliases.delete(shown.name(), a.getKey());
                    refresh();
                });
                delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
                row.add(delete);
            }
            current.add(row);
        }
        history.setItems(aliases.history(shown.name()));
    }
}
