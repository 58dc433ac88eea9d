package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.jobs.JobOutputService;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.models.ui.ModelsNavigation;

/** The model versions registered from this job's outputs; a row opens that version's page. */
class RegisteredModelsTab extends VerticalLayout {

    RegisteredModelsTab(JobOutputService jobs, String job) {
        setPadding(false);
        setWidthFull();
        Grid<VersionSummary> grid = new Grid<>();
        grid.setId("job-models");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(VersionSummary::name).setHeader("Model").setKey("name").setFlexGrow(2);
        grid.addColumn(VersionSummary::version).setHeader("Version").setKey("version").setWidth("7rem").setFlexGrow(0);
        grid.addColumn(v -> v.type().label()).setHeader("Type").setKey("type").setWidth("8rem").setFlexGrow(0);
        grid.addColumn(v -> DisplayFormats.dateTimeSeconds(v.createdAt())).setHeader("Created").setKey("created")
                .setWidth("11rem").setFlexGrow(0);
        grid.addColumn(VersionSummary::createdBy).setHeader("Created by").setKey("createdBy").setWidth("9rem")
                .setFlexGrow(0);
        grid.setItems(jobs.registeredModels(job));
        grid.setEmptyStateText("No model has been registered from this job yet");
        grid.addItemClickListener(e -> ModelsNavigation.toVersion(e.getItem().name(), e.getItem().version()));
        grid.setAllRowsVisible(true);
        add(grid);
    }
}
