package dev.modelyard.artifacts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, deletes and sweeps the per-upload staging folders under the staging root. */
final class StagingDirectories {

    private static final Logger log = LoggerFactory.getLogger(StagingDirectories.class);

    /** Only folders named like ours are ever swept, in case the root is shared with something else. */
    private static final Pattern STAGING_NAME =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private StagingDirectories() {
    }

    /** Creates a new folder named by a random UUID under {@code root}, private to this user where POSIX applies. */
    static Path createFresh(Path root) {
        try {
            Files.createDirectories(root);
            Path directory = root.resolve(UUID.randomUUID().toString());
            if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
            return directory;
        } catch (IOException e) {
            throw new StagingFailure("could not create a staging folder", e);
        }
    }

    /** Deletes {@code directory} and everything in it without following links; logs what could not be deleted. */
    static void delete(Path directory) {
        DeletingVisitor visitor = new DeletingVisitor();
        try {
            Files.walkFileTree(directory, visitor);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            visitor.failure = e;
        }
        if (visitor.failure != null) {
            log.warn("Could not fully delete staging folder {}; it will be swept later", directory,
                    visitor.failure);
        }
    }

    /** Deletes staging folders under {@code root} untouched for longer than {@code olderThan}; returns how many. */
    static int deleteStale(Path root, Duration olderThan, Clock clock) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(olderThan);
        int deleted = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (isStale(child, cutoff)) {
                    delete(child);
                    deleted++;
                }
            }
        } catch (IOException e) {
            log.warn("Could not sweep staging root {}", root, e);
        }
        return deleted;
    }

    private static boolean isStale(Path child, Instant cutoff) {
        if (!STAGING_NAME.matcher(child.getFileName().toString()).matches()
                || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return lastActivity(child).isBefore(cutoff);
        } catch (IOException e) {
            // vanished or unreadable meanwhile: leave it to the next sweep
            return false;
        }
    }

    /**
     * The newest modification time of the folder and its direct children: a file being written keeps its upload
     * alive even when no new file has been added to the folder for a while.
     */
    private static Instant lastActivity(Path directory) throws IOException {
        Instant newest = modified(directory);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                Instant time = modified(child);
                if (time.isAfter(newest)) {
                    newest = time;
                }
            }
        }
        return newest;
    }

    private static Instant modified(Path path) throws IOException {
        FileTime time = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime();
        return time.toInstant();
    }

    /** Deletes depth-first, carrying on past failures so as much as possible is removed. */
    private static final class DeletingVisitor extends SimpleFileVisitor<Path> {
        IOException failure;

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            deleteQuietly(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!(e instanceof NoSuchFileException)) {
                remember(e);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) {
            if (e != null) {
                remember(e);
            }
            deleteQuietly(directory);
            return FileVisitResult.CONTINUE;
        }

        private void deleteQuietly(Path path) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                remember(e);
            }
        }

        private void remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
