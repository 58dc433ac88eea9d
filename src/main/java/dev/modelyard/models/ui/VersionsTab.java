package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSummary;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/** Every version of the model, archived ones too; a click opens one, contributors archive or restore a selection. */
class VersionsTab extends VerticalLayout {

    private final ModelService models;
    private final String name;
    private final Runnable onArchivedChanged;
    private final Grid<VersionSummary> grid = new Grid<>();
    private final Button archive = new Button("Archive", VaadinIcon.ARCHIVE.create());
    private final Button restore = new Button("Restore", VaadinIcon.ARROW_BACKWARD.create());

    VersionsTab(ModelService models, ModelVersionDetails shown, boolean canEdit, Runnable onArchivedChanged) {
        this.models = models;
        this.name = shown.name();
        this.onArchivedChanged = onArchivedChanged;
        addClassName("versions-tab");
        setPadding(false);
        setWidthFull();

        grid.setId("versions-tab-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(VersionSummary::version).setHeader("Version").setKey("version").setSortable(true)
                .setWidth("7rem").setFlexGrow(0);
        grid.addColumn(v -> v.type().label()).setHeader("Type").setKey("type").setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(VersionsTab::tagChips).setHeader("Tags").setKey("tags").setFlexGrow(3);
        grid.addColumn(v -> DisplayFormats.dateTime(v.createdAt())).setHeader("Created").setKey("createdAt")
                .setSortable(true).setAutoWidth(true);
        grid.addColumn(VersionSummary::createdBy).setHeader("Created by").setKey("createdBy").setSortable(true)
                .setAutoWidth(true);
        grid.addComponentColumn(v -> v.archived() ? Badges.archived() : new Span()).setHeader("Archived")
                .setKey("archived").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> models.versionsOf(name, ModelDetailView.ALL_VERSIONS,
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream())
                .setIdentifierProvider(VersionSummary::version);
        grid.setPartNameGenerator(v -> v.version() == shown.version() ? "current-version" : null);
        // The selection column has no Flow column, so a click on a checkbox is not taken for "open this version".
        grid.addItemClickListener(e -> {
            if (e.getColumn() != null && e.getItem().version() != shown.version()) {
                ModelsNavigation.toVersion(name, e.getItem().version());
            }
        });
        grid.setWidthFull();
        grid.setHeight("28rem");

        if (canEdit) {
            grid.setSelectionMode(Grid.SelectionMode.MULTI);
            archive.setId("archive-versions");
            restore.setId("restore-versions");
            archive.addClickListener(e -> setArchived(true));
            restore.addClickListener(e -> setArchived(false));
            grid.addSelectionListener(e -> updateButtons());
            updateButtons();
            add(new HorizontalLayout(archive, restore));
        } else {
            grid.setSelectionMode(Grid.SelectionMode.NONE);
        }
        add(grid);
    }

    /** Each button is enabled only when the selection holds a version it would change. */
    private void updateButtons() {
        archive.setEnabled(grid.getSelectedItems().stream().anyMatch(v -> !v.archived()));
        restore.setEnabled(grid.getSelectedItems().stream().anyMatch(VersionSummary::archived));
    }

    private void setArchived(boolean archived) {
        List<Integer> changing = grid.getSelectedItems().stream().filter(v -> v.archived() != archived)
                .map(VersionSummary::version).sorted(Comparator.reverseOrder()).toList();
        int done = 0;
        try {
            for (int version : changing) {
                models.setArchived(new VersionRef(name, version), archived);
                done++;
            }
            Notices.success((archived ? "Archived " : "Restored ") + DisplayFormats.count(done, "version"));
        } catch (AccessDeniedException e) {
            Notices.error("Your role may not archive or restore versions");
        } catch (NotFoundException e) {
            Notices.error(e.getMessage());
        } finally {
            if (done > 0) {
                grid.deselectAll();
                grid.getDataProvider().refreshAll();
                onArchivedChanged.run();
            }
        }
    }

    private static Component tagChips(VersionSummary v) {
        FlexLayout chips = new FlexLayout(Badges.tags(v.tags()));
        chips.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        chips.getStyle().set("gap", "var(--lumo-space-xs)");
        return chips;
    }
}
