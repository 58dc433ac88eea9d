package dev.modelyard.models.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import dev.modelyard.artifacts.ArtifactFile;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.VersionRef;
import java.util.List;

/** The version's files as a folder tree with sizes and download links; selecting a file previews it beside the tree. */
class ArtifactsTab extends VerticalLayout {

    /** Up to this many files the tree opens fully; beyond, folders start closed so the first paint stays quick. */
    static final int EXPAND_ALL_UP_TO = 200;
    private static final String PANE_HEIGHT = "32rem";

    ArtifactsTab(ModelService models, ArtifactService artifacts, VersionRef ref) {
        addClassName("artifacts-tab");
        setPadding(false);
        setWidthFull();
        List<ArtifactFile> files = models.files(ref);
        long total = files.stream().mapToLong(ArtifactFile::size).sum();

        Span summary = new Span(DisplayFormats.count(files.size(), "file") + ", " + DisplayFormats.bytes(total));
        summary.setId("artifact-summary");
        HorizontalLayout toolbar = new HorizontalLayout(summary, Downloads.zip(models, artifacts, ref));
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);

        FilePreviewPanel preview = new FilePreviewPanel(models, ref);
        preview.setHeight(PANE_HEIGHT);
        preview.getStyle().set("flex", "1 1 0").set("min-width", "0");
        TreeGrid<ArtifactNode> tree = tree(models, ref, files);
        tree.asSingleSelect().addValueChangeListener(e -> preview.show(e.getValue()));
        tree.addItemClickListener(e -> {
            if (e.getItem().folder() && tree.isExpanded(e.getItem())) {
                tree.collapse(e.getItem());
            } else if (e.getItem().folder()) {
                tree.expand(e.getItem());
            }
        });

        HorizontalLayout panes = new HorizontalLayout(tree, preview);
        panes.setWidthFull();
        add(toolbar, panes);
    }

    private static TreeGrid<ArtifactNode> tree(ModelService models, VersionRef ref, List<ArtifactFile> files) {
        TreeGrid<ArtifactNode> tree = new TreeGrid<>();
        tree.setId("artifact-tree");
        tree.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        tree.addComponentHierarchyColumn(ArtifactsTab::nameCell).setHeader("Name").setKey("name").setFlexGrow(1);
        tree.addColumn(node -> DisplayFormats.bytes(node.size())).setHeader("Size").setKey("size")
                .setTextAlign(ColumnTextAlign.END).setWidth("6rem").setFlexGrow(0);
        tree.addComponentColumn(node -> node.folder() ? new Span()
                        : downloadIcon(Downloads.file(models, ref, node.file(), "")))
                .setKey("download").setWidth("3.5rem").setFlexGrow(0);
        TreeData<ArtifactNode> data = ArtifactNode.treeOf(files);
        tree.setDataProvider(new TreeDataProvider<>(data));
        if (files.size() <= EXPAND_ALL_UP_TO) {
            tree.expandRecursively(data.getRootItems(), Integer.MAX_VALUE);
        }
        // vaadin-grid grows by default; a fixed share leaves the preview room for 80-column text
        tree.getStyle().set("flex", "0 0 45%");
        tree.setMinWidth("22rem");
        tree.setHeight(PANE_HEIGHT);
        return tree;
    }

    private static Span nameCell(ArtifactNode node) {
        Span name = new Span(Downloads.smallIcon(node.folder() ? VaadinIcon.FOLDER_O
                : FilePreviewPanel.isText(node.file()) ? VaadinIcon.FILE_TEXT_O : VaadinIcon.FILE_O));
        name.add(" " + node.name());
        name.setTitle(node.path());
        return name;
    }

    private static Anchor downloadIcon(Anchor link) {
        link.add(Downloads.smallIcon(VaadinIcon.DOWNLOAD_ALT));
        return link;
    }
}
