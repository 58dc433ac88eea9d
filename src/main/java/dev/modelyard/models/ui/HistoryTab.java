package dev.modelyard.models.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.audit.AuditService;
import dev.modelyard.audit.AuditTargets;
import dev.modelyard.audit.ui.AuditGrids;
import java.util.List;

/** Who changed this version or its model, and how: the audit entries of both, newest first, read lazily. */
class HistoryTab extends VerticalLayout {

    HistoryTab(AuditService audit, String model, int version) {
        addClassName("history-tab");
        setPadding(false);
        setWidthFull();
        List<String> targets = List.of(AuditTargets.version(model, version), AuditTargets.model(model));
        Grid<AuditRecord> grid = AuditGrids.create("history-grid");
        grid.setItems(query -> audit.history(targets, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No recorded changes");
        grid.setHeight("32rem");
        add(grid);
    }
}
