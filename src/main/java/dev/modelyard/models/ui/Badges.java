package dev.modelyard.models.ui;

import com.vaadin.flow.component.html.Span;
import dev.modelyard.models.ModelType;
import java.util.Map;

/** Lumo badges for types, states and tags; one colour per model type so a list can be scanned by eye. */
final class Badges {

    private Badges() {
    }

    static Span of(String text, String variants) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge" + (variants.isEmpty() ? "" : " " + variants));
        return badge;
    }

    static Span type(ModelType type) {
        // the hue per type comes from the theme's type-<wire name> rules, in light and dark alike
        Span badge = of(type.label(), "pill");
        badge.addClassNames("type-badge", "type-" + type.wireName());
        badge.setTitle(type.expects());
        return badge;
    }

    static Span archived() {
        Span badge = of("Archived", "error");
        badge.addClassName("archived-badge");
        badge.setTitle("Archived versions stay downloadable but are hidden from the Models list and from @latest");
        return badge;
    }

    /** A tag as the Models grid shows it: {@code key=value}, or only the key when the value is empty. */
    static Span tag(String key, String value) {
        Span chip = of(tagText(key, value), "contrast small");
        chip.addClassName("tag-chip");
        return chip;
    }

    static String tagText(String key, String value) {
        return value.isEmpty() ? key : key + "=" + value;
    }

    static Span[] tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toArray(Span[]::new);
    }
}
