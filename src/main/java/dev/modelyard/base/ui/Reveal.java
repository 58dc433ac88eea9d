package dev.modelyard.base.ui;

import com.vaadin.flow.component.Component;

/**
 * Brings a component the user must see now (a refusal, the field it concerns) to the middle of the screen and moves
 * the keyboard focus to it, so that a screen reader reads it too. One call on the page, sent after the component's
 * own changes in the same response, so a component that has just been made visible is there to scroll to.
 */
public final class Reveal {

    private Reveal() {
    }

    /** Scrolls {@code component} into view and focuses it; does nothing when it is not attached to a UI. */
    public static void reveal(Component component) {
        component.getUI().ifPresent(ui -> ui.getPage().executeJs(
                "const e = $0; e.scrollIntoView({block: 'center'}); e.focus({preventScroll: true});",
                component.getElement()));
    }
}
