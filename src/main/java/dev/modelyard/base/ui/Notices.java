package dev.modelyard.base.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;

/** Short notices after an action on an admin page: what was done, or why it was refused. */
public final class Notices {

    private Notices() {
    }

    /** A success notice for a few seconds, or an error one that stays longer. */
    public static void show(String text, boolean error) {
        Notification n = Notification.show(text, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    /**
     * Runs a change and says {@code done}, or shows the refusal's message (not found, invalid, conflict); then
     * {@code after} (the page refreshes either way: the refusal may mean someone else changed it meanwhile).
     */
    public static void attempt(Runnable change, String done, Runnable after) {
        try {
            change.run();
            show(done, false);
        } catch (NotFoundException | InvalidInputException | ConflictException e) {
            show(e.getMessage(), true);
        }
        after.run();
    }
}
