package dev.modelyard.backups.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.modelyard.artifacts.ScrubReport;
import dev.modelyard.artifacts.Sizes;
import dev.modelyard.artifacts.StorageScrub;
import dev.modelyard.backups.BackupInfo;
import dev.modelyard.backups.BackupService;
import jakarta.annotation.security.RolesAllowed;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Backups and the storage scrub for platform admins. Both run off the UI thread and report back by server push,
 * so a long backup never freezes the page.
 */
@Route("admin/backups")
@PageTitle("Backups · Modelyard")
@Menu(order = 20, icon = "vaadin:archive", title = "Backups")
@RolesAllowed("ADMIN")
class BackupsView extends VerticalLayout {

    private final BackupService backups;
    private final StorageScrub scrub;
    private final Grid<BackupInfo> grid = new Grid<>();
    private final Button backUp = new Button("Back up now", VaadinIcon.ARCHIVE.create());
    private final Button scrubNow = new Button("Scrub storage", VaadinIcon.CHECK_SQUARE_O.create());
    private final Div scrubResult = new Div();

    BackupsView(BackupService backups, StorageScrub scrub) {
        this.backups = backups;
        this.scrub = scrub;
        setSizeFull();
        backUp.setId("backup-now");
        backUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        backUp.addClickListener(e -> run(backUp, backups::create, created -> {
            grid.setItems(backups.list());
            notice("Backup " + created.name() + " written (" + Sizes.human(created.sizeBytes()) + ")", false);
        }));
        scrubNow.setId("scrub-now");
        scrubNow.addClickListener(e -> run(scrubNow, scrub::scrub, this::show));
        scrubResult.setId("scrub-result");

        grid.setId("backups-grid");
        grid.addColumn(BackupInfo::name).setHeader("Backup").setAutoWidth(true);
        grid.addColumn(b -> b.createdAt().toString()).setHeader("Taken at (UTC)").setAutoWidth(true);
        grid.addColumn(b -> Sizes.human(b.sizeBytes())).setHeader("Size");
        grid.addColumn(BackupInfo::versions).setHeader("Versions");
        grid.addColumn(BackupInfo::objects).setHeader("Objects");

        add(new H2("Backups"),
                new Paragraph("Backups go to " + backups.backupDir() + ". Restore one into a new, empty data directory "
                        + "by starting Modelyard with --modelyard.restore-from=<backup folder>."),
                backUp, grid, new H3("Storage scrub"),
                new Paragraph("Reads every stored object and checks it against its hash: lists missing and corrupt ones."),
                scrubNow, scrubResult);
        expand(grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        grid.setItems(backups.list());
    }

    private void show(ScrubReport report) {
        scrubResult.removeAll();
        scrubResult.add(new Paragraph(report.objectsChecked() + " objects (" + Sizes.human(report.bytesChecked())
                + ") checked: " + (report.clean() ? "all intact." : report.missing() + " missing, " + report.corrupt()
                + " corrupt.")));
        if (!report.clean()) {
            Grid<ScrubReport.Problem> problems = new Grid<>();
            problems.setId("scrub-problems");
            problems.addColumn(ScrubReport.Problem::kind).setHeader("Problem").setAutoWidth(true);
            problems.addColumn(ScrubReport.Problem::sha256).setHeader("Content (sha256)").setAutoWidth(true);
            problems.addColumn(p -> p.files() + " file(s), e.g. " + String.join(", ", p.examplePaths()))
                    .setHeader("Affects");
            problems.addColumn(ScrubReport.Problem::detail).setHeader("Detail");
            problems.setItems(report.problems());
            problems.setAllRowsVisible(true);
            scrubResult.add(problems);
        }
    }

    /** Runs {@code work} on a thread of its own as the signed-in admin; shows the outcome by push. */
    private <T> void run(Button button, Supplier<T> work, Consumer<T> done) {
        UI ui = UI.getCurrent();
        SecurityContext security = SecurityContextHolder.getContext();
        button.setEnabled(false);
        Thread worker = new Thread(() -> {
            SecurityContextHolder.setContext(security);
            try {
                T result = work.get();
                ui.access(() -> {
                    button.setEnabled(true);
                    done.accept(result);
                });
            } catch (RuntimeException e) {
                ui.access(() -> {
                    button.setEnabled(true);
                    notice(e.getMessage() == null ? "it failed; see the server log" : e.getMessage(), true);
                });
            } finally {
                SecurityContextHolder.clearContext();
            }
        }, "admin-" + button.getId().orElse("task"));
        worker.setDaemon(true);
        worker.start();
    }

    private static void notice(String text, boolean error) {
        Notification n = Notification.show(text, error ? 10_000 : 5_000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }
}
