package dev.modelyard.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.audit.AuditService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import dev.modelyard.models.ArchivedFilter;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelNotFoundException;
import dev.modelyard.models.AliasService;
import dev.modelyard.models.ModelCatalogService;
import dev.modelyard.models.ModelService;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.VersionRef;
import dev.modelyard.models.VersionSummary;
import dev.modelyard.models.formats.MlflowFormat;
import dev.modelyard.models.formats.TritonFormat;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.data.domain.PageRequest;

/**
 * One version of a model: {@code /models/{name}} opens the latest, {@code /models/{name}/versions/{n}} one version.
 * A header to pick another version and copy references, then tabs that each load their data when first opened.
 */
@Route(WorkspaceRoutes.PREFIX + "models/:" + ModelsNavigation.PARAM_MODEL_NAME)
@RouteAlias(WorkspaceRoutes.PREFIX + "models/:" + ModelsNavigation.PARAM_MODEL_NAME + "/versions/:" + ModelsNavigation.PARAM_VERSION)
@PermitAll
class ModelDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    /** The version picker lists this many of the newest versions (and always the one shown). */
    static final int VERSION_CHOICES = 200;
    static final ModelFilter ALL_VERSIONS = ModelFilter.all().withArchived(ArchivedFilter.ALL);

    private final ModelService models;
    private final AliasService aliases;
    private final ModelCatalogService catalog;
    private final dev.modelyard.models.RunMetricsLookup runMetrics;
    private final ArtifactService artifacts;
    private final AuditService audit;
    private final WorkspaceAccess access;
    private String title = "Model · Modelyard";
    /** Kept while moving between versions, so comparing e.g. the artifacts of two versions stays on that tab. */
    private String selectedTab;
    private Component header;
    private VersionRef shown;

    ModelDetailView(ModelService models, ArtifactService artifacts, AuditService audit, WorkspaceAccess access,
                    AliasService aliases, ModelCatalogService catalog,
                    org.springframework.beans.factory.ObjectProvider<dev.modelyard.models.RunMetricsLookup> runMetrics) {
        this.runMetrics = runMetrics.getIfAvailable();
        this.aliases = aliases;
        this.catalog = catalog;
        this.models = models;
        this.audit = audit;
        this.artifacts = artifacts;
        this.access = access;
        setWidthFull();
        addClassName("model-detail-view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get(ModelsNavigation.PARAM_MODEL_NAME).orElse("");
        String version = event.getRouteParameters().get(ModelsNavigation.PARAM_VERSION).orElse(VersionRef.LATEST);
        String noVersion = "Model " + SafeText.quote(name, 80) + " has no version "
                + (version.matches("\\d{1,9}") ? version : SafeText.quote(version, 40));
        List<VersionSummary> versions;
        try {
            versions = newestVersions(name);
        } catch (ModelNotFoundException e) {
            leave(event, "Model " + SafeText.quote(name, 80) + " does not exist");
            return;
        }
        VersionRef ref;
        try {
            ref = VersionRef.of(name, version);
        } catch (InvalidInputException e) {
            leave(event, noVersion);
            return;
        }
        ModelVersionDetails details;
        try {
            details = load(ref, versions);
        } catch (ModelNotFoundException e) {
            leave(event, noVersion);
            return;
        }
        show(details, versions);
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private List<VersionSummary> newestVersions(String name) {
        return models.versionsOf(name, ALL_VERSIONS, PageRequest.of(0, VERSION_CHOICES)).getContent();
    }

    /** "latest" means the newest active version; when every version is archived, the newest one is still worth showing. */
    private ModelVersionDetails load(VersionRef ref, List<VersionSummary> versions) {
        if (ref.isLatest() && !versions.isEmpty() && versions.stream().allMatch(VersionSummary::archived)) {
            return models.version(new VersionRef(ref.name(), versions.get(0).version()));
        }
        return models.version(ref);
    }

    /** Nothing to show: the app's not-found view, inside the layout, says what is missing and offers a way back. */
    private void leave(BeforeEnterEvent event, String message) {
        event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, message);
    }

    private void show(ModelVersionDetails details, List<VersionSummary> versions) {
        removeAll();
        title = details.reference() + " · Modelyard";
        boolean canEdit = access.atLeast(AppRole.CONTRIBUTOR);
        VersionRef ref = new VersionRef(details.name(), details.version());
        shown = ref;

        header = new VersionHeader(details, versions);
        TabSheet tabs = new TabSheet();
        tabs.setId("version-tabs");
        tabs.setWidthFull();
        addTab(tabs, "Details", () -> new DetailsTab(models, details, canEdit));
        addTab(tabs, "Artifacts", () -> new ArtifactsTab(models, artifacts, ref));
        if (details.type() == ModelType.MLFLOW && details.format() instanceof MlflowFormat mlflow) {
            addTab(tabs, "MLflow", () -> new MlflowTab(models, ref, mlflow));
        }
        if (details.type() == ModelType.TRITON && details.format() instanceof TritonFormat triton) {
            addTab(tabs, "Triton", () -> new TritonTab(triton));
        }
        addTab(tabs, "Versions", () -> new VersionsTab(models, details, canEdit, this::refreshHeader));
        addTab(tabs, "Aliases", () -> new AliasesTab(aliases, catalog, ref, canEdit));
        String run = details.runId() != null ? details.runId() : details.source().job();
        if (run != null && runMetrics != null) {
            addTab(tabs, "Run metrics", () -> new RunMetricsTab(runMetrics, run));
        }
        addTab(tabs, "History", () -> new HistoryTab(audit, details.name(), details.version()));
        selectRemembered(tabs);
        tabs.addSelectedChangeListener(e -> {
            selectedTab = e.getSelectedTab().getLabel();
            ((LazyTab) tabs.getComponent(e.getSelectedTab())).load();
        });
        add(header, tabs);
    }

    private static void addTab(TabSheet tabs, String label, Supplier<Component> content) {
        Tab tab = tabs.add(label, new LazyTab(content));
        tab.setId("tab-" + label.toLowerCase(java.util.Locale.ROOT));
    }

    private void selectRemembered(TabSheet tabs) {
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTabAt(i).getLabel().equals(selectedTab)) {
                tabs.setSelectedIndex(i);
            }
        }
        ((LazyTab) tabs.getComponent(tabs.getSelectedTab())).load();
    }

    /** After archiving or restoring from the Versions tab: the badge and the picker's labels may have changed. */
    private void refreshHeader() {
        Component fresh = new VersionHeader(models.version(shown), newestVersions(shown.name()));
        replace(header, fresh);
        header = fresh;
    }

    /**
     * Builds its content the first time its tab is selected: the Artifacts and Versions tabs query the registry,
     * and most visits never open most tabs. A minimum height keeps the page from jumping while it fills.
     */
    private static final class LazyTab extends Div {

        private Supplier<Component> content;

        LazyTab(Supplier<Component> content) {
            this.content = content;
            setWidthFull();
            setMinHeight("24rem");
        }

        void load() {
            if (content != null) {
                add(content.get());
                content = null;
            }
        }
    }
}
