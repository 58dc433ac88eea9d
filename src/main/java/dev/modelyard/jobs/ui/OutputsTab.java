package dev.modelyard.jobs.ui;

import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.GridVariant;
import dev.modelyard.base.SafeText;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.NotStoredFile;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.NotFoundException;
import dev.modelyard.jobs.JobOutputService;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.models.ModelType;
import dev.modelyard.models.formats.ModelFormats;
import dev.modelyard.models.ui.ModelsNavigation;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/**
 * What the job left (outputs/** and its log) as a folder tree with sizes and downloads. Selecting a folder offers
 * to register it as a model: the register form opens with the folder's job reference and the type its files suggest.
 */
class OutputsTab extends VerticalLayout {

    /** The register form's route and the query parameters it reads. */
    static final int EXPAND_ALL_UP_TO = 200;

    private final String job;
    private final List<ArtifactFile> files;
    private final Button register = new Button("Register model", VaadinIcon.CUBE.create());
    private final Span registerHint = new Span();
    private OutputNode selected;

    OutputsTab(JobOutputService jobs, JobQueryService queries, ArtifactService artifacts, String job, JobStatus status, boolean canRegister) {
        this.job = job;
        this.files = jobs.outputs(job);
        setPadding(false);
        setWidthFull();
        addClassName("job-outputs");
        JobDetails details = queries.get(job);
        if (details.notStoredCount() > 0) {
            add(notStored(details));
        }
        if (files.isEmpty()) {
            Span empty = new Span(status.isTerminal() ? "This job left no outputs" : "Outputs appear when the job ends");
            empty.setId("job-outputs-empty");
            empty.addClassName("empty-note");
            add(empty);
            return;
        }
        long total = files.stream().mapToLong(ArtifactFile::size).sum();
        Span summary = new Span(files.size() + (files.size() == 1 ? " file, " : " files, ") + DisplayFormats.bytes(total));
        summary.setId("job-outputs-summary");
        register.setId("register-from-outputs");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setVisible(canRegister);
        register.addClickListener(e -> registerSelected());
        registerHint.setId("register-from-outputs-hint");
        registerHint.addClassNames(com.vaadin.flow.theme.lumo.LumoUtility.TextColor.SECONDARY,
                com.vaadin.flow.theme.lumo.LumoUtility.FontSize.SMALL);
        registerHint.setVisible(canRegister);
        selectionChanged(null);
        HorizontalLayout toolbar = new HorizontalLayout(summary, register, registerHint);
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        add(toolbar, tree(jobs, artifacts));
    }

    /** The files the job left that were refused, by name (escaped) with the reason. */
    private static Details notStored(JobDetails details) {
        int count = details.notStoredCount();
        VerticalLayout list = new VerticalLayout();
        list.setPadding(false);
        list.setSpacing(false);
        for (NotStoredFile file : details.notStored()) {
            Span row = new Span(SafeText.quote(file.path()) + ": " + file.reason());
            row.addClassName("not-stored-file");
            list.add(row);
        }
        if (count > details.notStored().size()) {
            list.add(new Span("… and " + (count - details.notStored().size()) + " more"));
        }
        Details box = new Details(count + (count == 1 ? " file was" : " files were") + " not stored", list);
        box.setId("job-outputs-not-stored");
        box.setOpened(true);
        return box;
    }

    private TreeGrid<OutputNode> tree(JobOutputService jobs, ArtifactService artifacts) {
        TreeGrid<OutputNode> tree = new TreeGrid<>();
        tree.setId("job-outputs");
        tree.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        tree.addColumn(nameRenderer(tree)).setHeader("Name").setKey("name").setFlexGrow(1);
        tree.addColumn(node -> DisplayFormats.bytes(node.size())).setHeader("Size").setKey("size")
                .setTextAlign(ColumnTextAlign.END).setWidth("7rem").setFlexGrow(0);
        tree.addComponentColumn(node -> node.folder() ? new Span() : download(jobs, artifacts, node.file()))
                .setKey("download").setWidth("3.5rem").setFlexGrow(0);
        TreeData<OutputNode> data = OutputNode.treeOf(files);
        tree.setDataProvider(new TreeDataProvider<>(data));
        if (files.size() <= EXPAND_ALL_UP_TO) {
            tree.expandRecursively(data.getRootItems(), Integer.MAX_VALUE);
        }
        tree.asSingleSelect().addValueChangeListener(e -> selectionChanged(e.getValue()));
        tree.setHeight("28rem");
        return tree;
    }

    /**
     * The name cell: the expand toggle (indented by depth) and, beside it rather than inside it, the icon and the
     * name. A click on the toggle expands or collapses; a click on the name selects the row (the toggle element
     * would otherwise take every click in the cell as "expand or collapse").
     */
    static LitRenderer<OutputNode> nameRenderer(TreeGrid<OutputNode> tree) {
        return LitRenderer.<OutputNode>of("<span class=\"output-name-cell\"><vaadin-grid-tree-toggle "
                        + "@click=${e => { e.stopPropagation(); toggle(); }} .leaf=${!item.folder} "
                        + ".expanded=${model.expanded} .level=${model.level}></vaadin-grid-tree-toggle>"
                        + "<span class=\"output-name\" title=\"${item.path}\" "
                        + "@click=${e => { e.stopPropagation(); select(); }}>"
                        + "<vaadin-icon icon=\"${item.folder ? 'vaadin:folder-o' : 'vaadin:file-o'}\" "
                        + "style=\"width: var(--lumo-icon-size-s); height: var(--lumo-icon-size-s)\"></vaadin-icon> "
                        + "${item.name}</span></span>")
                .withProperty("folder", OutputNode::folder)
                .withProperty("name", OutputNode::name)
                .withProperty("path", OutputNode::path)
                .withFunction("toggle", node -> {
                    if (!node.folder()) {
                        return;
                    }
                    if (tree.isExpanded(node)) {
                        tree.collapse(node);
                    } else {
                        tree.expand(node);
                    }
                })
                .withFunction("select", tree::select);
    }

    /** The register button is enabled for a selected folder; beside it, always visible, what it will do or why not. */
    private void selectionChanged(OutputNode node) {
        selected = node;
        boolean folder = node != null && node.folder();
        register.setEnabled(folder);
        if (node == null) {
            registerHint.setText("Select a folder (e.g. outputs/model) to register it as a model version");
        } else if (!folder) {
            registerHint.setText(SafeText.quote(node.path()) + " is a file: select the folder that holds the model");
        } else {
            registerHint.setText("Registers " + SafeText.quote(node.path()) + " as a new model version");
        }
    }

    /** Opens the register form on the selected folder, with the type its files suggest. */
    private void registerSelected() {
        if (selected == null || !selected.folder()) {
            return;
        }
        ModelType type = ModelFormats.suggestType(selected.relativePaths(files)).orElse(ModelType.CUSTOM);
        ModelsNavigation.toRegisterFrom(reference(job, selected.path()), type);
    }

    /** Azure ML's reference to a folder of a job's artifacts, as the register form and the API take it. */
    static String reference(String job, String folder) {
        return "azureml://jobs/" + job + "/outputs/artifacts/paths/" + folder;
    }

    /** Streams one file from storage in the download request, which carries the user's sign-in. */
    private Anchor download(JobOutputService jobs, ArtifactService artifacts, ArtifactFile file) {
        String baseName = file.path().substring(file.path().lastIndexOf('/') + 1);
        DownloadHandler handler = DownloadHandler.fromInputStream(event -> {
            try {
                ArtifactFile stored = jobs.output(job, file.path());
                return new DownloadResponse(artifacts.open(stored), baseName, stored.mediaType(), stored.size());
            } catch (NotFoundException e) {
                return DownloadResponse.error(HttpStatusCode.NOT_FOUND);
            } catch (AccessDeniedException e) {
                return DownloadResponse.error(HttpStatusCode.FORBIDDEN);
            }
        });
        Anchor link = new Anchor(WorkspaceRoutes.inThisWorkspace(handler), AttachmentType.DOWNLOAD, "");
        Icon icon = VaadinIcon.DOWNLOAD_ALT.create();
        icon.setSize("var(--lumo-icon-size-s)");
        link.add(icon);
        link.getElement().setAttribute("aria-label", "Download " + baseName);
        link.setTitle("Download " + baseName + " (" + DisplayFormats.bytes(file.size()) + ")");
        return link;
    }
}
