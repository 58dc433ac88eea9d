package dev.modelyard.jobs.ui;

import com.vaadin.flow.data.provider.hierarchy.TreeData;
import dev.modelyard.artifacts.ArtifactFile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A row of the outputs tree: a file the job left, or a folder implied by the '/' in the paths.
 *
 * @param path the full path, without a trailing '/' for folders
 * @param size the file's size, or for a folder the sum of everything below it
 * @param file the stored file, null for a folder
 */
record OutputNode(String path, String name, long size, ArtifactFile file) {

    private static final Comparator<String> BY_NAME = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    boolean folder() {
        return file == null;
    }

    /** The paths of every file below this folder, relative to it (what a model registered from it would hold). */
    List<String> relativePaths(List<ArtifactFile> all) {
        String prefix = path + "/";
        return all.stream().map(ArtifactFile::path).filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length())).toList();
    }

    /** Folders first, then files, each by name, folder sizes summed. */
    static TreeData<OutputNode> treeOf(List<ArtifactFile> files) {
        Folder root = new Folder("", "");
        for (ArtifactFile f : files) {
            String[] segments = f.path().split("/");
            Folder parent = root;
            for (int i = 0; i < segments.length - 1; i++) {
                parent = parent.child(segments[i]);
            }
            parent.files.put(segments[segments.length - 1], f);
        }
        TreeData<OutputNode> tree = new TreeData<>();
        root.addChildrenTo(tree, null);
        return tree;
    }

    private static final class Folder {
        final String path;
        final String name;
        final Map<String, Folder> folders = new TreeMap<>(BY_NAME);
        final Map<String, ArtifactFile> files = new TreeMap<>(BY_NAME);

        Folder(String path, String name) {
            this.path = path;
            this.name = name;
        }

        Folder child(String childName) {
            return folders.computeIfAbsent(childName, n -> new Folder(path.isEmpty() ? n : path + "/" + n, n));
        }

        long size() {
            return folders.values().stream().mapToLong(Folder::size).sum()
                    + files.values().stream().mapToLong(ArtifactFile::size).sum();
        }

        void addChildrenTo(TreeData<OutputNode> tree, OutputNode parent) {
            for (Folder f : folders.values()) {
                OutputNode node = new OutputNode(f.path, f.name, f.size(), null);
                tree.addItem(parent, node);
                f.addChildrenTo(tree, node);
            }
            files.forEach((fileName, f) -> tree.addItem(parent, new OutputNode(f.path(), fileName, f.size(), f)));
        }
    }
}
