package dev.modelyard.models.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.FlexLayout.FlexWrap;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Name, version picker, type and archived badges, and buttons that copy the ways to refer to this version. */
class VersionHeader extends VerticalLayout {

    VersionHeader(ModelVersionDetails details, List<VersionSummary> versions) {
        addClassName("version-header");
        setPadding(false);
        setSpacing(false);
        setWidthFull();

        H2 name = new H2(details.name());
        name.setId("model-name");
        name.getStyle().set("margin", "0");

        HorizontalLayout badges = new HorizontalLayout(Badges.type(details.type()));
        badges.setSpacing(false);
        badges.getStyle().set("gap", "var(--lumo-space-xs)");
        if (details.archived()) {
            badges.add(Badges.archived());
        }

        FlexLayout title = new FlexLayout(name, versionSelect(details, versions), badges);
        title.setFlexWrap(FlexWrap.WRAP);
        title.setAlignItems(FlexComponent.Alignment.CENTER);
        title.getStyle().set("gap", "var(--lumo-space-m)");
        // Copy buttons on a row of their own: with long model names they would otherwise wrap at random places.
        add(title, copyButtons(details));
    }

    private static Select<Integer> versionSelect(ModelVersionDetails details, List<VersionSummary> versions) {
        Map<Integer, Boolean> archived = versions.stream()
                .collect(Collectors.toMap(VersionSummary::version, VersionSummary::archived, (a, b) -> a));
        archived.putIfAbsent(details.version(), details.archived());
        List<Integer> numbers = archived.keySet().stream().sorted(Comparator.reverseOrder()).toList();

        Select<Integer> select = new Select<>();
        select.setId("version-select");
        select.setAriaLabel("Version");
        select.setItems(numbers);
        select.setItemLabelGenerator(n -> "Version " + n + (archived.getOrDefault(n, false) ? " (archived)" : ""));
        select.setWidth("13rem");
        select.setValue(details.version());
        select.addValueChangeListener(e -> {
            if (e.getValue() != null && e.getValue() != details.version()) {
                ModelsNavigation.toVersion(details.name(), e.getValue());
            }
        });
        return select;
    }

    private static HorizontalLayout copyButtons(ModelVersionDetails details) {
        String restPath = "api/v1/models/" + details.name() + "/versions/" + details.version();
        HorizontalLayout buttons = new HorizontalLayout(
                copyButton("copy-reference", details.reference(), "Copy the reference of exactly this version",
                        details.reference(), false),
                copyButton("copy-latest", details.name() + "@" + VersionRef.LATEST,
                        "Copy the reference that always means the newest active version",
                        details.name() + "@" + VersionRef.LATEST, false),
                copyButton("copy-rest-url", "REST URL", "Copy the URL of /" + restPath, restPath, true));
        buttons.setSpacing(false);
        buttons.setAlignItems(FlexComponent.Alignment.BASELINE);
        buttons.getStyle().set("gap", "var(--lumo-space-xs)");
        buttons.addComponentAsFirst(Facts.note("Copy"));
        return buttons;
    }

    private static Button copyButton(String id, String text, String tooltip, String copied, boolean relativeUrl) {
        Button button = new Button(text, VaadinIcon.COPY_O.create(), e -> copy(copied, relativeUrl));
        button.setId(id);
        button.setTooltipText(tooltip);
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return button;
    }

    /**
     * Copies in the browser and confirms only once the browser says it worked: the Clipboard API exists only in
     * secure contexts, and a registry on a plain-http intranet address is not one, so there the text is shown instead.
     * A relative URL is resolved against the page's base URI, which Vaadin points at the application root, so the
     * copied URL carries whatever host and context path the user reached us by.
     */
    private static void copy(String text, boolean relativeUrl) {
        String value = relativeUrl ? "new URL($0, document.baseURI).href" : "$0";
        UI.getCurrent().getPage().executeJs("return navigator.clipboard.writeText(" + value + ")", text)
                .then(ignored -> Notices.brief("Copied"),
                        error -> Notices.error("Your browser did not allow copying; copy it by hand: "
                                + (relativeUrl ? "/" : "") + text));
    }
}
