package dev.modelyard.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.base.Outages;
import dev.modelyard.base.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The UI's one handler for what no view caught: expected errors become a notification with their own
 * message; anything else is logged with its stack trace and shown as a plain apology, never as a trace.
 */
@Component
class UiErrorHandling implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(UiErrorHandling.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(UiErrorHandling::handle));
    }

    static void handle(ErrorEvent event) {
        Throwable cause = rootOf(event.getThrowable());
        String message;
        if (cause instanceof InvalidInputException || cause instanceof NotFoundException
                || cause instanceof ConflictException) {
            message = cause.getMessage();
        } else if (cause instanceof AccessDeniedException) {
            message = "Your role does not allow this.";
        } else if (Outages.dependencyOf(event.getThrowable()).isPresent()) {
            String out = Outages.dependencyOf(event.getThrowable()).get();
            log.warn("A UI request failed because {} is unavailable: {}", out, cause.toString());
            String text = Outages.message(out);
            message = Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
        } else {
            log.error("Unexpected error in the UI", event.getThrowable());
            message = "Something went wrong; it has been logged. Try again, or reload the page.";
        }
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> {
                Notification n = Notification.show(message, 6000, Notification.Position.BOTTOM_START);
                n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            });
        }
    }

    /** The first cause of a type we know, else the deepest cause. */
    private static Throwable rootOf(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && current.getCause() != current) {
            if (current instanceof InvalidInputException || current instanceof NotFoundException
                    || current instanceof ConflictException || current instanceof AccessDeniedException
                    || current instanceof StorageUnavailableException) {
                return current;
            }
            current = current.getCause();
        }
        return current;
    }
}
