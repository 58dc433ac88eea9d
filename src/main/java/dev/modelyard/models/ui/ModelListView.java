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
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.renderer.LitRenderer;
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
import elemental.json.Json;
import elemental.json.JsonArray;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
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
    /** How many archived matches the no-match hint counts before it says "100+". */
    static final int ARCHIVED_COUNT_CAP = 100;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ModelService models;
    private final TextField search = new TextField();
    private final Checkbox allVersions = new Checkbox("All versions");
    private final Checkbox showArchived = new Checkbox("Show archived");
    private final Grid<ModelRow> grid = new Grid<>();
    private final VerticalLayout emptyState;
    private final Span noMatchesText = new Span();
    private final Button otherScope = new Button();
    private final VerticalLayout noMatches = new VerticalLayout(noMatchesText, otherScope);
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

    /**
     * A grid row: a version and, in the one-row-per-model list, the number of its model's newest version in scope
     * (the same number when the row shows it; 0 in the all-versions list, which marks nothing).
     */
    record ModelRow(VersionSummary version, int newest) {

        boolean olderMatch() {
            return newest != 0 && newest != version.version();
        }
    }

    private void configureGrid() {
        grid.setId("models-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(r -> r.version().name()).setHeader("Name").setKey("name").setSortable(true).setFlexGrow(2)
                .setResizable(true);
        // badges, chips and the older-match mark are templates with the row's data as JSON: no server-side
        // component per row (a session showing the view held ~1 MB with them; docs/benchmarks.md, section 6)
        grid.addColumn(versionRenderer()).setHeader("Version").setKey("version").setSortable(true)
                .setWidth("9rem").setFlexGrow(0);
        grid.addColumn(typeRenderer()).setHeader("Type").setKey("type").setSortable(true)
                .setWidth("8rem").setFlexGrow(0);
        grid.addColumn(tagRenderer()).setHeader("Tags").setKey("tags").setFlexGrow(3);
        grid.addColumn(r -> excerpt(r.version().description())).setHeader("Description").setKey("description")
                .setFlexGrow(2);
        grid.addColumn(r -> r.version().createdBy()).setHeader("Created by").setKey("createdBy").setSortable(true)
                .setWidth("9rem").setFlexGrow(0);
        grid.addColumn(r -> TIME.format(r.version().updatedAt())).setHeader("Last updated").setKey("updatedAt")
                .setSortable(true).setWidth("10rem").setFlexGrow(0);
        grid.setPartNameGenerator(r -> r.version().archived() ? "archived" : null);
        grid.addItemClickListener(e -> ModelsNavigation.toVersion(e.getItem().version().name(),
                e.getItem().version().version()));
        grid.setItems(query -> fetch(VaadinSpringDataHelpers.toSpringPageRequest(query)));
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("name"), SortDirection.ASCENDING)));
        grid.setSizeFull();
        noMatches.setId("no-matches");
        noMatches.setPadding(false);
        noMatchesText.setId("no-matches-text");
        otherScope.setId("no-matches-other-scope");
        otherScope.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        otherScope.setVisible(false);
        otherScope.addClickListener(e -> {
            showArchived.setValue(true);
            updateUrl();
        });
        grid.setEmptyStateComponent(noMatches);
    }

    static LitRenderer<ModelRow> versionRenderer() {
        return LitRenderer.<ModelRow>of("${item.v}${item.n ? html` <span theme=\"badge contrast small\" "
                        + "class=\"older-match\" title=\"The newest version, ${item.n}, does not match the search\">"
                        + "latest is ${item.n}</span>` : ''}")
                .withProperty("v", r -> r.version().version())
                .withProperty("n", r -> r.olderMatch() ? r.newest() : 0);
    }

    static LitRenderer<ModelRow> typeRenderer() {
        // the hue per type comes from the theme's type-<wire name> rules, in light and dark alike
        return LitRenderer.<ModelRow>of("<span theme=\"badge pill\" class=\"type-badge type-${item.w}\" "
                        + "title=\"${item.e}\">${item.l}</span>")
                .withProperty("w", r -> r.version().type().wireName())
                .withProperty("l", r -> r.version().type().label())
                .withProperty("e", r -> r.version().type().expects());
    }

    /** Tag chips: one click handler for all of them, told which tag by its index in the row's sorted tags. */
    private LitRenderer<ModelRow> tagRenderer() {
        return LitRenderer.<ModelRow>of("<div class=\"tag-chips\">${item.tags.map((t, i) => html`<vaadin-button "
                        + "class=\"tag-chip\" theme=\"small contrast tertiary\" title=\"Add to the search\" "
                        + "@click=${e => { e.stopPropagation(); addTag(i); }}>${t}</vaadin-button>`)}</div>")
                .withProperty("tags", r -> chipTexts(r.version().tags()))
                .withFunction("addTag", (r, args) -> addTag(r, (int) args.getNumber(0)));
    }

    private static JsonArray chipTexts(Map<String, String> tags) {
        JsonArray texts = Json.createArray();
        tags.forEach((key, value) -> texts.set(texts.length(), Badges.tagText(key, value)));
        return texts;
    }

    /** A chip was clicked: its tag (by index in the row's sorted tags) narrows the search. */
    private void addTag(ModelRow row, int index) {
        List<Entry<String, String>> tags = List.copyOf(row.version().tags().entrySet());
        if (index < 0 || index >= tags.size()) {
            return;
        }
        Entry<String, String> tag = tags.get(index);
        search.setValue(models.queryWithTag(search.getValue(), tag.getKey(), tag.getValue()));
        updateUrl();
    }

    private Stream<ModelRow> fetch(PageRequest page) {
        if (allVersions.getValue()) {
            return models.searchVersions(filter, page).stream().map(v -> new ModelRow(v, 0));
        }
        return models.searchModels(filter, page).stream().map(m -> new ModelRow(m.latestVersion(), m.newestVersion()));
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
        if (!registryEmpty) {
            describeNoMatches(q);
        }
    }

    /**
     * What the grid says when nothing matches, and whether archived versions would match: the one-row-per-model
     * and all-versions lists agree on which models match (a model is listed when any of its versions is), so the
     * scope that can find more is the archived versions (docs/decisions/017).
     */
    private void describeNoMatches(String q) {
        String what = allVersions.getValue() ? "versions" : "models";
        noMatchesText.setText(q.isBlank() ? "No " + what + " to show." : "No " + what + " match this search.");
        otherScope.setVisible(false);
        if (q.isBlank() || showArchived.getValue() || !nothingMatches()) {
            return;
        }
        int archived = models.searchVersions(filter.withArchived(ArchivedFilter.ARCHIVED),
                PageRequest.of(0, ARCHIVED_COUNT_CAP)).getNumberOfElements();
        if (archived > 0) {
            otherScope.setText((archived >= ARCHIVED_COUNT_CAP ? ARCHIVED_COUNT_CAP + "+ archived versions match"
                    : archived == 1 ? "1 archived version matches" : archived + " archived versions match")
                    + " — show archived");
            otherScope.setVisible(true);
        }
    }

    private boolean nothingMatches() {
        PageRequest first = PageRequest.of(0, 1);
        return allVersions.getValue() ? models.searchVersions(filter, first).isEmpty()
                : models.searchModels(filter, first).isEmpty();
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
