package dev.modelyard.audit.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.modelyard.audit.AuditRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The audit grid both the audit page and the History tabs show: when, who, what, target, before → after. */
public final class AuditGrids {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private AuditGrids() {
    }

    /** A grid with the audit columns; its items are the caller's (lazily, newest first). */
    public static Grid<AuditRecord> create(String id) {
        Grid<AuditRecord> grid = new Grid<>();
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(e -> WHEN.format(e.at())).setHeader("When").setKey("when").setWidth("12rem").setFlexGrow(0);
        grid.addColumn(AuditGrids::who).setHeader("Who").setKey("who").setWidth("12rem").setFlexGrow(0);
        grid.addColumn(e -> AuditChanges.label(e.action())).setHeader("What").setKey("what").setWidth("12rem")
                .setFlexGrow(0);
        grid.addColumn(AuditRecord::target).setHeader("Target").setKey("target").setFlexGrow(1);
        grid.addComponentColumn(AuditGrids::change).setHeader("Before → after").setKey("change").setFlexGrow(2);
        grid.setEmptyStateText("No entries");
        return grid;
    }

    /** The user, and the token or job they acted through when it was not their password. */
    static String who(AuditRecord e) {
        String who = "password".equals(e.via()) ? e.actor() : e.actor() + " (" + e.via() + ")";
        return e.clientAddress() == null ? who : who + " from " + e.clientAddress();
    }

    /** One line per changed field; the text goes in as text, never as markup. */
    static Div change(AuditRecord e) {
        Div lines = new Div();
        lines.addClassName("audit-change");
        AuditChanges.describe(e.before(), e.after()).forEach(line -> {
            Span span = new Span(line);
            span.getStyle().set("display", "block");
            lines.add(span);
        });
        return lines;
    }

    /** For tests and exports: the change lines joined. */
    public static String changeText(AuditRecord e) {
        return String.join("; ", AuditChanges.describe(e.before(), e.after()));
    }
}
