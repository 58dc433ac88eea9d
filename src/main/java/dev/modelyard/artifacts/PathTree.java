package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The folder tree of one upload, used to refuse paths that would clash when the files are written out again:
 * duplicates, names that differ only in letter case, and a name used both as a file and as a folder.
 *
 * <p>A tree (rather than a set of every folder prefix) keeps memory proportional to the names actually sent, even for
 * thousands of deeply nested paths.
 */
final class PathTree {

    private final Node root = new Node("", false);

    /** Records a file path; throws InvalidUploadException if it clashes with anything recorded before. */
    void addFile(String path) {
        Node parent = folderOf(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        Node existing = parent.children.get(fold(name));
        if (existing == null) {
            parent.children.put(fold(name), new Node(path, true));
            return;
        }
        if (existing.path.equals(path)) {
            throw new InvalidUploadException(existing.file
                    ? "file name " + SafeText.quote(path) + " appears more than once in the upload"
                    : SafeText.quote(path) + " is used both as a file and as a folder");
        }
        throw caseClash(path, existing.path);
    }

    /** Records a folder path (from an archive's directory entry); throws InvalidUploadException on a clash. */
    void addDirectory(String path) {
        walkFolders(path, path);
    }

    /** Returns the node of the folder holding {@code path}, creating folders on the way. */
    private Node folderOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? root : walkFolders(path.substring(0, slash), path);
    }

    /** Walks (and creates) the folders of {@code folderPath}; {@code culprit} is the path named in messages. */
    private Node walkFolders(String folderPath, String culprit) {
        Node node = root;
        int start = 0;
        while (start <= folderPath.length()) {
            int end = folderPath.indexOf('/', start);
            if (end < 0) {
                end = folderPath.length();
            }
            String prefix = folderPath.substring(0, end);
            String key = fold(folderPath.substring(start, end));
            Node child = node.children.get(key);
            if (child == null) {
                child = new Node(prefix, false);
                node.children.put(key, child);
            } else if (child.file) {
                throw new InvalidUploadException(SafeText.quote(child.path) + " is used both as a file and as a folder"
                        + (culprit.equals(child.path) ? "" : " (see " + SafeText.quote(culprit) + ")"));
            } else if (!child.path.equals(prefix)) {
                throw caseClash(prefix, child.path);
            }
            node = child;
            start = end + 1;
        }
        return node;
    }

    private static InvalidUploadException caseClash(String path, String earlier) {
        return new InvalidUploadException(SafeText.quote(path) + " and " + SafeText.quote(earlier)
                + " differ only in letter case; they would overwrite each other on case-insensitive file systems");
    }

    /** Case folding as Windows and macOS compare names, close enough to catch the clashes people actually make. */
    private static String fold(String segment) {
        return segment.toLowerCase(Locale.ROOT);
    }

    private static final class Node {
        final String path;
        final boolean file;
        final Map<String, Node> children;

        Node(String path, boolean file) {
            this.path = path;
            this.file = file;
            this.children = file ? Map.of() : new HashMap<>();
        }
    }
}
