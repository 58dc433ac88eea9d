package dev.modelyard.models.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** The three kinds of notification the model views show, with one duration and position each. */
final class Notices {

    private Notices() {
    }

    /** A confirmation that needs no reading, such as "Copied". */
    static void brief(String text) {
        Notification.show(text, 1500, Notification.Position.BOTTOM_START);
    }

    static void success(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Errors stay longer: the user has to read them to know what to do next. */
    static void error(String text) {
        Notification.show(text, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
