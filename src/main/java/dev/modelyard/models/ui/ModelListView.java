package dev.modelyard.models.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionSummary;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Every active version in a lazy grid, newest first; a text filter over name and description. */
@Route("models")
@RouteAlias("")
@PageTitle("Models · Modelyard")
@Menu(order = 0, icon = "vaadin:cubes", title = "Models")
@PermitAll
class ModelListView extends VerticalLayout {

    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ModelService models;
    private final Grid<VersionSummary> grid = new Grid<>();
    private ModelFilter filter = ModelFilter.all();

    ModelListView(ModelService models) {
        this.models = models;
        setSizeFull();

        TextField search = new TextField();
        search.setPlaceholder("Search name or description");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setWidth("24rem");
        search.addValueChangeListener(e -> {
            filter = filter.withText(e.getValue());
            grid.getDataProvider().refreshAll();
        });

        grid.setId("versions-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(VersionSummary::name).setHeader("Name").setKey("name").setSortable(true).setFlexGrow(2);
        grid.addColumn(VersionSummary::version).setHeader("Version").setKey("version").setSortable(true)
                .setWidth("8rem").setFlexGrow(0);
        grid.addColumn(v -> v.type().label()).setHeader("Type").setKey("type").setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(ModelListView::tagChips).setHeader("Tags").setKey("tags").setFlexGrow(3);
        grid.addColumn(v -> CREATED.format(v.createdAt())).setHeader("Created").setKey("createdAt")
                .setSortable(true).setAutoWidth(true);
        grid.setItems(query -> models.searchVersions(filter, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();

        add(new H2("Models"), search, grid);
        expand(grid);
    }

    private static FlexLayout tagChips(VersionSummary v) {
        FlexLayout chips = new FlexLayout();
        chips.getStyle().set("gap", "var(--lumo-space-xs)").set("flex-wrap", "wrap");
        v.tags().forEach((key, value) -> {
            Span chip = new Span(value.isEmpty() ? key : key + "=" + value);
            chip.getElement().getThemeList().add("badge contrast small");
            chips.add(chip);
        });
        return chips;
    }
}
