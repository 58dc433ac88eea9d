package dev.modelyard.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import dev.modelyard.models.ModelSummary;
import dev.modelyard.models.VersionSummary;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.data.domain.PageRequest;

/**
 * Models, one row per model (its latest version) or one per version, filtered by a query in the registry's
 * query language. The query and both toggles live in the URL, so a search can be shared and Back works.
 */
@Route(WorkspaceRoutes.PREFIX + "models")
@PageTitle("Models · Modelyard")
@PermitAll
class ModelListView extends VerticalLayout implements BeforeEnterObserver {

    static final String PARAM_ALL_VERSIONS = "versions";
    static final String PARAM_ARCHIVED = "archived";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ModelService models;
    private final TextField search = new TextField();
    private final Checkbox allVersions = new Checkbox("All versions");
    private final Checkbox showArchived = new Checkbox("Show archived");
    private final Grid<VersionSummary> grid = new Grid<>();
    private final VerticalLayout emptyState;
    private ModelFilter filter = ModelFilter.all();

    ModelListView(ModelService models, WorkspaceAccess access) {
        this.models = models;
        setSizeFull();
        boolean mayRegister = access.atLeast(AppRole.CONTRIBUTOR);

        search.setId("model-search");
        search.setPlaceholder("Search: words, team=fraud, auc>=0.9, (a OR b) AND NOT stage=archived");
        search.setHelperText("Fields: name, type, createdBy, created · tags: key=value, key!=value, key~glob*, "
                + "has:key, key>=number · AND, OR, NOT, ( )");
        search.setClearButtonVisible(true);
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setValueChangeTimeout(400);
        search.setWidthFull();
        search.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });
        allVersions.setId("all-versions");
        showArchived.setId("show-archived");
        allVersions.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });
        showArchived.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                updateUrl();
            }
        });

        Button register = new Button("Register model", VaadinIcon.UPLOAD.create(), e -> ModelsNavigation.toRegister(null));
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setVisible(mayRegister);
        HorizontalLayout title = new HorizontalLayout(new H2("Models"), register);
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.CENTER);
        title.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        HorizontalLayout toggles = new HorizontalLayout(allVersions, showArchived);
        configureGrid();
        emptyState = emptyState(mayRegister);
        add(title, search, toggles, grid, emptyState);
        expand(grid);
    }

    private void configureGrid() {
        grid.setId("models-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(VersionSummary::name).setHeader("Name").setKey("name").setSortable(true).setFlexGrow(2)
                .setResizable(true);
        grid.addColumn(VersionSummary::version).setHeader("Version").setKey("version").setSortable(true)
                .setWidth("7rem").setFlexGrow(0);
        grid.addComponentColumn(v -> Badges.type(v.type())).setHeader("Type").setKey("type").setSortable(true)
                .setWidth("8rem").setFlexGrow(0);
        grid.addComponentColumn(this::tagChips).setHeader("Tags").setKey("tags").setFlexGrow(3);
        grid.addColumn(v -> excerpt(v.description())).setHeader("Description").setKey("description").setFlexGrow(2);
        grid.addColumn(VersionSummary::createdBy).setHeader("Created by").setKey("createdBy").setSortable(true)
                .setWidth("9rem").setFlexGrow(0);
        grid.addColumn(v -> TIME.format(v.updatedAt())).setHeader("Last updated").setKey("updatedAt")
                .setSortable(true).setWidth("10rem").setFlexGrow(0);
        grid.setPartNameGenerator(v -> v.archived() ? "archived" : null);
        grid.addItemClickListener(e -> ModelsNavigation.toVersion(e.getItem().name(), e.getItem().version()));
        grid.setItems(query -> fetch(VaadinSpringDataHelpers.toSpringPageRequest(query)));
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("name"), SortDirection.ASCENDING)));
        grid.setSizeFull();
    }

    private Stream<VersionSummary> fetch(PageRequest page) {
        if (allVersions.getValue()) {
            return models.searchVersions(filter, page).stream();
        }
        return models.searchModels(filter, page).stream().map(ModelSummary::latestVersion);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        String q = params.getOrDefault(ModelsNavigation.PARAM_QUERY, List.of("")).get(0);
        search.setValue(q);
        allVersions.setValue(params.containsKey(PARAM_ALL_VERSIONS));
        showArchived.setValue(params.containsKey(PARAM_ARCHIVED));
        apply(q);
    }

    /** Validates and applies the query; a bad one is shown beside the search bar and changes nothing else. */
    private void apply(String q) {
        ModelFilter next = ModelFilter.all().withQuery(q.isBlank() ? null : q)
                .withArchived(showArchived.getValue() ? ArchivedFilter.ALL : ArchivedFilter.ACTIVE);
        try {
            models.checkQuery(next.query());
        } catch (InvalidInputException e) {
            search.setInvalid(true);
            search.setErrorMessage(e.getMessage());
            return;
        }
        search.setInvalid(false);
        filter = next;
        grid.getDataProvider().refreshAll();
        boolean registryEmpty = q.isBlank() && !showArchived.getValue()
                && models.searchModels(ModelFilter.all().withArchived(ArchivedFilter.ALL), PageRequest.of(0, 1)).isEmpty();
        emptyState.setVisible(registryEmpty);
        grid.setVisible(!registryEmpty);
    }

    private void updateUrl() {
        Map<String, List<String>> params = new HashMap<>();
        if (!search.getValue().isBlank()) {
            params.put(ModelsNavigation.PARAM_QUERY, List.of(search.getValue()));
        }
        if (allVersions.getValue()) {
            params.put(PARAM_ALL_VERSIONS, List.of("1"));
        }
        if (showArchived.getValue()) {
            params.put(PARAM_ARCHIVED, List.of("1"));
        }
        WorkspaceRoutes.navigate(ModelListView.class, new QueryParameters(params));
    }

    private FlexLayout tagChips(VersionSummary v) {
        FlexLayout chips = new FlexLayout();
        chips.addClassName("tag-chips");
        chips.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        v.tags().forEach((key, value) -> {
            Button chip = new Button(value.isEmpty() ? key : key + "=" + value);
            chip.addClassName("tag-chip");
            chip.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_CONTRAST, ButtonVariant.LUMO_TERTIARY);
            chip.getElement().setAttribute("title", "Add to the search");
            chip.addClickListener(e -> {
                search.setValue(models.queryWithTag(search.getValue(), key, value));
                updateUrl();
            });
            chips.add(chip);
        });
        return chips;
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 90 ? line.substring(0, 89) + "…" : line;
    }

    private static VerticalLayout emptyState(boolean mayRegister) {
        Span icon = new Span(VaadinIcon.CUBES.create());
        H2 heading = new H2("No models yet");
        Span hint = new Span("Register a model by uploading its files: an MLflow folder, a Triton repository, "
                + "or any files.");
        Button register = new Button("Register model", e -> ModelsNavigation.toRegister(null));
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setId("empty-register");
        register.setVisible(mayRegister);
        VerticalLayout empty = new VerticalLayout(icon, heading, hint, register);
        empty.setId("empty-state");
        empty.setAlignItems(FlexComponent.Alignment.CENTER);
        empty.setVisible(false);
        return empty;
    }
}
