package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.modelyard.base.ui.DisplayFormats;

/** A two-column term/value list ({@code <dl>}), styled by the {@code facts} class in styles.css; and notes. */
final class Facts extends DescriptionList {

    Facts() {
        addClassName("facts");
    }

    /** Adds a row with text; returns the value element so callers can give it an id or a tooltip. */
    Span add(String term, String value) {
        Span text = new Span(DisplayFormats.orDash(value));
        add(term, text);
        return text;
    }

    void add(String term, Component... value) {
        add(new Term(term), new Description(value));
    }

    /** Secondary-colour text for "nothing here" and hints, so it never reads as data. */
    static Span note(String text) {
        Span note = new Span(text);
        note.addClassNames(LumoUtility.TextColor.SECONDARY);
        return note;
    }

    /** A size as text with the exact byte count as tooltip. */
    Span addBytes(String term, long bytes) {
        Span text = add(term, DisplayFormats.bytes(bytes));
        text.setTitle(String.format(java.util.Locale.ROOT, "%,d bytes", bytes));
        return text;
    }
}
