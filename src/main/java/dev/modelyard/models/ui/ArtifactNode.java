package dev.modelyard.models.ui;

import com.vaadin.flow.data.provider.hierarchy.TreeData;
import dev.modelyard.artifacts.ArtifactFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of the artifact tree: a file of the manifest, or a folder implied by the '/' in its paths.
 *
 * @param size the file's size, or for a folder the sum of everything below it
 * @param file the manifest entry, null for a folder
 */
record ArtifactNode(String path, String name, long size, ArtifactFile file) {

    boolean folder() {
        return file == null;
    }

    /** As file managers list names: letter case does not split "MLmodel" from "model.pkl". */
    static final Comparator<String> BY_NAME = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    /** Folders first, then files, each by name; folder sizes summed. The manifest holds only files. */
    static TreeData<ArtifactNode> treeOf(List<ArtifactFile> files) {
        Map<String, Folder> folders = new HashMap<>();
        Folder root = new Folder("", "");
        for (ArtifactFile f : files) {
            Folder parent = root;
            String[] segments = f.path().split("/");
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < segments.length - 1; i++) {
                prefix.append(i == 0 ? "" : "/").append(segments[i]);
                Folder current = parent;
                String folderName = segments[i];
                parent = folders.computeIfAbsent(prefix.toString(), p -> current.addFolder(p, folderName));
            }
            parent.files.add(new ArtifactNode(f.path(), segments[segments.length - 1], f.size(), f));
        }
        TreeData<ArtifactNode> tree = new TreeData<>();
        root.addChildrenTo(tree, null);
        return tree;
    }

    private static final class Folder {
        final String path;
        final String name;
        final List<Folder> folders = new ArrayList<>();
        final List<ArtifactNode> files = new ArrayList<>();

        Folder(String path, String name) {
            this.path = path;
            this.name = name;
        }

        Folder addFolder(String folderPath, String folderName) {
            Folder child = new Folder(folderPath, folderName);
            folders.add(child);
            return child;
        }

        long size() {
            return folders.stream().mapToLong(Folder::size).sum() + files.stream().mapToLong(ArtifactNode::size).sum();
        }

        void addChildrenTo(TreeData<ArtifactNode> tree, ArtifactNode parent) {
            folders.sort(Comparator.comparing((Folder f) -> f.name, BY_NAME));
            files.sort(Comparator.comparing(ArtifactNode::name, BY_NAME));
            for (Folder f : folders) {
                ArtifactNode node = new ArtifactNode(f.path, f.name, f.size(), null);
                tree.addItem(parent, node);
                f.addChildrenTo(tree, node);
            }
            files.forEach(file -> tree.addItem(parent, file));
        }
    }
}
