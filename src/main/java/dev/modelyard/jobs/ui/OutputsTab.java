package dev.modelyard.jobs.ui;

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
        Span summary = new Span(files.size() + (files.size() == 1 ? " file, " : " files, ") + JobFormats.bytes(total));
        summary.setId("job-outputs-summary");
        register.setId("register-from-outputs");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setEnabled(false);
        register.setVisible(canRegister);
        register.setTooltipText("Select a folder, e.g. outputs/model, to register it as a model version");
        register.addClickListener(e -> registerSelected());
        HorizontalLayout toolbar = new HorizontalLayout(summary, register);
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
        tree.addComponentHierarchyColumn(OutputsTab::nameCell).setHeader("Name").setKey("name").setFlexGrow(1);
        tree.addColumn(node -> JobFormats.bytes(node.size())).setHeader("Size").setKey("size")
                .setTextAlign(ColumnTextAlign.END).setWidth("7rem").setFlexGrow(0);
        tree.addComponentColumn(node -> node.folder() ? new Span() : download(jobs, artifacts, node.file()))
                .setKey("download").setWidth("3.5rem").setFlexGrow(0);
        TreeData<OutputNode> data = OutputNode.treeOf(files);
        tree.setDataProvider(new TreeDataProvider<>(data));
        if (files.size() <= EXPAND_ALL_UP_TO) {
            tree.expandRecursively(data.getRootItems(), Integer.MAX_VALUE);
        }
        tree.asSingleSelect().addValueChangeListener(e -> {
            selected = e.getValue();
            register.setEnabled(selected != null && selected.folder());
        });
        tree.setHeight("28rem");
        return tree;
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

    private static Span nameCell(OutputNode node) {
        Icon icon = (node.folder() ? VaadinIcon.FOLDER_O : VaadinIcon.FILE_O).create();
        icon.setSize("var(--lumo-icon-size-s)");
        Span name = new Span(icon);
        name.add(" " + node.name());
        name.setTitle(node.path());
        return name;
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
        link.setTitle("Download " + baseName + " (" + JobFormats.bytes(file.size()) + ")");
        return link;
    }
}
