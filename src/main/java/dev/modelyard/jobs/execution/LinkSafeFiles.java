package dev.modelyard.jobs.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the files a job left without following a link at any path component, so a job cannot get a host file
 * stored as its log or output by replacing a file <em>or any folder above it</em> with a symbolic link.
 *
 * <p>On Linux every step is relative to an open directory handle ({@link SecureDirectoryStream}: {@code openat}
 * with {@code O_NOFOLLOW}, {@code fstatat} with {@code AT_SYMLINK_NOFOLLOW}). A folder swapped for a link between
 * listing and reading fails to open instead of being followed; a folder renamed while it is read is still read
 * through the handle already open on it, so its content is whatever was in the job's own folder. Where the
 * platform has no secure directory streams, each path is checked with {@link LinkOption#NOFOLLOW_LINKS} and
 * opened with it, which closes the last component only (documented in docs/decisions/011).
 *
 * <p>Links, devices, FIFOs and sockets are refused by name; folders deeper than {@link #MAX_DEPTH} too.
 */
public final class LinkSafeFiles {

    /** Folders deeper than this are refused rather than descended, which bounds open handles and recursion. */
    public static final int MAX_DEPTH = 64;

    /** What a walk finds; names are '/'-joined exactly as the file system holds them. */
    public interface Visitor {

        /** A regular file, open for reading, not followed through any link; {@code content} is closed afterwards. */
        void file(String path, long size, InputStream content) throws IOException;

        /** Something that is not read, and why. */
        void refused(String path, String reason);
    }

    /** Called between listing a folder and reading its entries; tests use it to swap folders deterministically. */
    @FunctionalInterface
    public interface ListingHook {
        ListingHook NONE = folder -> { };

        void listed(String folder);
    }

    private final ListingHook hook;

    public LinkSafeFiles() {
        this(ListingHook.NONE);
    }

    public LinkSafeFiles(ListingHook hook) {
        this.hook = hook;
    }

    /**
     * Reads the regular file at {@code base/relative} (relative: '/'-separated, no '..'), with {@code base} trusted
     * and every component below it opened without following links. Reports it as {@code reportAs}.
     */
    public void readFile(Path base, String relative, String reportAs, Visitor visitor) throws IOException {
        if (!Files.isDirectory(base)) {
            return; // nothing was ever written (e.g. a job interrupted before its folder was made)
        }
        String[] parts = relative.split("/");
        try (DirectoryStream<Path> root = Files.newDirectoryStream(base)) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                readSecure(secure, parts, 0, reportAs, visitor);
            } else {
                readPlain(base, parts, reportAs, visitor);
            }
        }
    }

    /**
     * Walks the folder {@code base/relative} and reports every entry under it as {@code prefix + name…}, files in
     * name order. A missing folder is no error (a job need not leave outputs).
     */
    public void walk(Path base, String relative, String prefix, Visitor visitor) throws IOException {
        if (!Files.isDirectory(base)) {
            return;
        }
        String[] parts = relative.split("/");
        try (DirectoryStream<Path> root = Files.newDirectoryStream(base)) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                SecureDirectoryStream<Path> dir = secure;
                List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
                try {
                    for (String part : parts) {
                        BasicFileAttributes attributes = attributes(dir, part);
                        if (attributes == null) {
                            return;
                        }
                        if (!attributes.isDirectory()) {
                            visitor.refused(prefix.isEmpty() ? relative : prefix, describe(attributes));
                            return;
                        }
                        dir = dir.newDirectoryStream(Path.of(part), LinkOption.NOFOLLOW_LINKS);
                        opened.add(dir);
                    }
                    walkSecure(dir, prefix, 1, visitor);
                } catch (FileSystemException e) {
                    visitor.refused(prefix.isEmpty() ? relative : prefix, "it changed while being stored (" + reason(e) + ")");
                } finally {
                    for (SecureDirectoryStream<Path> d : opened) {
                        d.close();
                    }
                }
            } else {
                walkPlain(base.resolve(relative), prefix, 1, visitor);
            }
        }
    }

    /**
     * Deletes {@code base/name} and everything under it without following links: a link is removed, never its
     * target. Best effort; returns whether the folder is gone.
     */
    public static boolean deleteTree(Path base, String name) {
        try (DirectoryStream<Path> root = Files.newDirectoryStream(base)) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                deleteSecure(secure, name, 0);
            } else {
                deletePlain(base.resolve(name), 0);
            }
        } catch (IOException e) {
            return false;
        }
        return !Files.exists(base.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    private static void deleteSecure(SecureDirectoryStream<Path> dir, String name, int depth) throws IOException {
        BasicFileAttributes attributes = attributes(dir, name);
        if (attributes == null) {
            return;
        }
        if (attributes.isDirectory() && depth < 4 * MAX_DEPTH) {
            List<String> names = new ArrayList<>();
            try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS)) {
                for (Path entry : child) {
                    names.add(entry.getFileName().toString());
                }
                for (String n : names) {
                    try {
                        deleteSecure(child, n, depth + 1);
                    } catch (IOException ignored) {
                        // keep going; what is left is retried at the next start
                    }
                }
            } catch (FileSystemException swapped) {
                // replaced by a link since it was looked at: remove the link below, never what it points to
            }
            try {
                dir.deleteDirectory(Path.of(name));
                return;
            } catch (FileSystemException notADirectoryAnyMore) {
                // fall through to unlinking whatever now stands there
            }
        }
        dir.deleteFile(Path.of(name));
    }

    private static void deletePlain(Path path, int depth) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && depth < 4 * MAX_DEPTH) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                entries.forEach(children::add);
            }
            for (Path child : children) {
                deletePlain(child, depth + 1);
            }
        }
        Files.deleteIfExists(path);
    }

    private void readSecure(SecureDirectoryStream<Path> dir, String[] parts, int index, String reportAs,
            Visitor visitor) throws IOException {
        String part = parts[index];
        BasicFileAttributes attributes = attributes(dir, part);
        if (attributes == null) {
            return;
        }
        boolean last = index == parts.length - 1;
        if (last ? !attributes.isRegularFile() : !attributes.isDirectory()) {
            visitor.refused(reportAs, describe(attributes));
            return;
        }
        if (!last) {
            try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(Path.of(part), LinkOption.NOFOLLOW_LINKS)) {
                readSecure(child, parts, index + 1, reportAs, visitor);
            } catch (FileSystemException e) {
                visitor.refused(reportAs, "it changed while being stored (" + reason(e) + ")");
            }
            return;
        }
        openSecure(dir, part, reportAs, attributes.size(), visitor);
    }

    private void walkSecure(SecureDirectoryStream<Path> dir, String prefix, int depth, Visitor visitor)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName().toString());
        }
        names.sort(null);
        hook.listed(prefix);
        for (String name : names) {
            String path = prefix + name;
            BasicFileAttributes attributes = attributes(dir, name);
            if (attributes == null) {
                visitor.refused(path, "it disappeared while being stored");
            } else if (attributes.isDirectory()) {
                if (depth >= MAX_DEPTH) {
                    visitor.refused(path + "/", "it is nested more than " + MAX_DEPTH + " folders deep");
                    continue;
                }
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS)) {
                    walkSecure(child, path + "/", depth + 1, visitor);
                } catch (FileSystemException e) {
                    // O_NOFOLLOW|O_DIRECTORY: a folder replaced by a link (or a file) since it was listed
                    visitor.refused(path, "it changed while being stored (" + reason(e) + ")");
                }
            } else if (attributes.isRegularFile()) {
                openSecure(dir, name, path, attributes.size(), visitor);
            } else {
                visitor.refused(path, describe(attributes));
            }
        }
    }

    private static void openSecure(SecureDirectoryStream<Path> dir, String name, String reportAs, long size,
            Visitor visitor) throws IOException {
        SeekableByteChannel channel;
        try {
            channel = dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            visitor.refused(reportAs, "it changed while being stored (" + reason(e) + ")");
            return;
        }
        try (InputStream in = Channels.newInputStream(channel)) {
            visitor.file(reportAs, size, in);
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private void readPlain(Path base, String[] parts, String reportAs, Visitor visitor) throws IOException {
        Path path = base;
        for (int i = 0; i < parts.length; i++) {
            path = path.resolve(parts[i]);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                return;
            }
            boolean last = i == parts.length - 1;
            if (last ? !attributes.isRegularFile() : !attributes.isDirectory()) {
                visitor.refused(reportAs, describe(attributes));
                return;
            }
            if (last) {
                try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                    visitor.file(reportAs, attributes.size(), in);
                }
            }
        }
    }

    private void walkPlain(Path dir, String prefix, int depth, Visitor visitor) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        }
        names.sort(null);
        hook.listed(prefix);
        for (String name : names) {
            Path entry = dir.resolve(name);
            String path = prefix + name;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                visitor.refused(path, "it disappeared while being stored");
                continue;
            }
            if (attributes.isDirectory()) {
                if (depth >= MAX_DEPTH) {
                    visitor.refused(path + "/", "it is nested more than " + MAX_DEPTH + " folders deep");
                } else {
                    walkPlain(entry, path + "/", depth + 1, visitor);
                }
            } else if (attributes.isRegularFile()) {
                try (InputStream in = Files.newInputStream(entry, LinkOption.NOFOLLOW_LINKS)) {
                    visitor.file(path, attributes.size(), in);
                } catch (FileSystemException e) {
                    visitor.refused(path, "it changed while being stored (" + reason(e) + ")");
                }
            } else {
                visitor.refused(path, describe(attributes));
            }
        }
    }

    private static String describe(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link; links are never followed";
        }
        if (attributes.isDirectory()) {
            return "it is a folder where a file was expected";
        }
        if (attributes.isRegularFile()) {
            return "it is a file where a folder was expected";
        }
        return "it is not a regular file (a device, pipe or socket)";
    }

    /** The operating system's reason without the paths Java puts in the message. */
    private static String reason(FileSystemException e) {
        String reason = e.getReason();
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        return reason.contains("symbolic links") || reason.contains("Too many levels") ? "a link now stands there" : reason;
    }
}
