package dev.modelyard.audit.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.audit.AuditFilter;
import dev.modelyard.audit.AuditRecord;
import dev.modelyard.audit.AuditService;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.ui.RequiresWorkspaceRole;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The audit history for admins: who did what and when, newest first, filtered by who, what and a time range
 * (UTC), read page by page as the grid scrolls. "Users and sign-ins" shows the entries of no workspace (the
 * service lets only platform admins read those).
 */
@Route(WorkspaceRoutes.PREFIX + "audit")
@PageTitle("Audit · Modelyard")
@PermitAll
@RequiresWorkspaceRole(AppRole.ADMIN)
class AuditView extends VerticalLayout {

    /** What the "What" filter offers; any other action name or dotted prefix may be typed. */
    static final List<String> ACTIONS = List.of("model", "model.version", "model.version.registered",
            "model.version.tags.changed", "model.version.description.changed", "model.version.archived",
            "model.version.restored", "model.description.changed", "model.archived", "model.restored", "job",
            "job.submitted", "job.canceled", "job.resubmitted", "workspace.member", "workspace.member.changed",
            "workspace.member.removed", "workspace.created", "user", "user.created", "user.updated", "token",
            "token.created", "token.revoked",
            "auth.signin", "auth.signin.succeeded", "auth.signin.failed", "auth.signin.throttled");

    enum Scope {
        WORKSPACE, GLOBAL
    }

    private final AuditService audit;
    private final TextField actor = new TextField("Who");
    private final ComboBox<String> action = new ComboBox<>("What");
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Select<Scope> scope = new Select<>();
    private final Grid<AuditRecord> grid = AuditGrids.create("audit-grid");
    private AuditFilter filter = AuditFilter.ALL;

    AuditView(AuditService audit) {
        this.audit = audit;
        addClassName("audit-view");
        setSizeFull();
        configureFilters();
        HorizontalLayout filters = new HorizontalLayout(scope, actor, action, from, to);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();
        filters.getStyle().set("flex-wrap", "wrap");
        grid.setItems(query -> fetch(VaadinSpringDataHelpers.toSpringPageRequest(query)));
        grid.setSizeFull();
        add(new H2("Audit"), filters, grid);
        expand(grid);
    }

    private java.util.stream.Stream<AuditRecord> fetch(org.springframework.data.domain.Pageable page) {
        return (scope.getValue() == Scope.GLOBAL ? audit.searchGlobal(filter, page) : audit.search(filter, page)).stream();
    }

    private void configureFilters() {
        scope.setId("audit-scope");
        scope.setLabel("Entries of");
        scope.setItems(Scope.values());
        scope.setItemLabelGenerator(s -> s == Scope.GLOBAL ? "Users and sign-ins"
                : "Workspace " + WorkspaceRoutes.current().map(ws -> ws.name()).orElse("default"));
        scope.setValue(Scope.WORKSPACE);
        scope.addValueChangeListener(e -> grid.getDataProvider().refreshAll());

        actor.setId("audit-actor");
        actor.setPlaceholder("User name");
        actor.setClearButtonVisible(true);
        actor.setPrefixComponent(VaadinIcon.USER.create());
        actor.setValueChangeMode(ValueChangeMode.LAZY);
        actor.addValueChangeListener(e -> apply());

        action.setId("audit-action");
        action.setItems(ACTIONS);
        action.setItemLabelGenerator(AuditView::actionLabel);
        action.setAllowCustomValue(true);
        action.addCustomValueSetListener(e -> action.setValue(e.getDetail()));
        action.setClearButtonVisible(true);
        action.setPlaceholder("Any change");
        action.addValueChangeListener(e -> apply());

        from.setId("audit-from");
        to.setId("audit-to");
        from.addValueChangeListener(e -> apply());
        to.addValueChangeListener(e -> apply());
    }

    private static final java.util.Map<String, String> PREFIXES = java.util.Map.of("model", "Any model change",
            "model.version", "Any version change", "job", "Any job change", "user", "Any user change",
            "auth.signin", "Any sign-in event");

    static String actionLabel(String action) {
        if (PREFIXES.containsKey(action)) {
            return PREFIXES.get(action);
        }
        String label = AuditChanges.label(action);
        return label.equals(action) ? action : label;
    }

    /** Takes the filter fields into a new filter and reloads; a range that ends before it starts is a field error. */
    private void apply() {
        Instant start = utc(from.getValue());
        Instant end = utc(to.getValue());
        boolean backwards = start != null && end != null && !start.isBefore(end);
        to.setInvalid(backwards);
        to.setErrorMessage(backwards ? "The end must be after the start" : null);
        if (backwards) {
            return;
        }
        filter = AuditFilter.ALL.withActor(actor.getValue()).withAction(action.getValue()).withRange(start, end);
        grid.getDataProvider().refreshAll();
    }

    private static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
