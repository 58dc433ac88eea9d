package dev.modelyard.artifacts.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.artifacts.Sizes;
import dev.modelyard.artifacts.StorageGc;
import dev.modelyard.artifacts.StorageGcReport;
import jakarta.annotation.security.RolesAllowed;

/** Storage administration: run the garbage collector (or a dry run) and read the last report. */
@Route("admin/storage")
@PageTitle("Storage · Modelyard")
@Menu(order = 90, icon = "vaadin:database", title = "Storage")
@RolesAllowed("ADMIN")
class StorageAdminView extends VerticalLayout {

    private final StorageGc gc;
    private final VerticalLayout report = new VerticalLayout();

    StorageAdminView(StorageGc gc) {
        this.gc = gc;
        Paragraph about = new Paragraph("Frees objects that no model version, job or upload references. Only what "
                + "has been unreferenced for longer than the grace period is touched, so registrations under way are "
                + "safe. A dry run reports what would be freed and changes nothing.");
        Button dryRun = new Button("Dry run", e -> run(true));
        dryRun.setId("storage-gc-dry-run");
        Button collect = new Button("Collect", e -> run(false));
        collect.setId("storage-gc-collect");
        collect.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        report.setId("storage-gc-report");
        report.setPadding(false);
        report.setSpacing(false);
        add(new H2("Storage"), about, new HorizontalLayout(dryRun, collect), report);
        show(gc.lastReport().orElse(null));
    }

    private void run(boolean dryRun) {
        show(gc.collect(dryRun));
    }

    private void show(StorageGcReport r) {
        report.removeAll();
        if (r == null) {
            report.add(new Span("No collection has run since the server started."));
            return;
        }
        String verb = r.dryRun() ? "would free" : "freed";
        report.add(new Span((r.dryRun() ? "Dry run" : "Collection") + " at " + r.finishedAt() + " (grace period "
                + r.grace() + ")"));
        report.add(line("storage-gc-summary", "In all, it " + verb + " " + Sizes.human(r.totalBytes()) + " in "
                + (r.blobs() + r.unledgeredObjects()) + " objects"));
        report.add(line(null, r.manifests() + " unreferenced manifests"));
        report.add(line(null, r.blobs() + " unreferenced contents, " + Sizes.human(r.bytes())));
        report.add(line(null, r.unledgeredObjects() + " objects without a ledger row, " + Sizes.human(r.unledgeredBytes())));
        if (!r.dryRun()) {
            report.add(line(null, r.incompleteUploads() + " incomplete multipart uploads aborted"));
            report.add(line(null, r.spared() + " candidates spared because they were referenced meanwhile"));
        }
    }

    private static Span line(String id, String text) {
        Span span = new Span(text);
        if (id != null) {
            span.setId(id);
        }
        return span;
    }
}
