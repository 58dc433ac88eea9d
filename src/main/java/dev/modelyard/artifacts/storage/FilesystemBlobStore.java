package dev.modelyard.artifacts.storage;

import dev.modelyard.base.StorageUnavailableException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} over a local folder: key {@code a/b/c} is the file {@code <root>/a/b/c}, which is exactly where
 * the embedded S3Proxy's filesystem backend kept it, so a data directory written by S3Proxy is read as it is.
 *
 * <p>Every write goes to a file under {@code <incoming>} (same file system), is forced to disk once, then renamed
 * into place atomically: a reader sees the whole object or nothing, and a crash leaves only an incoming file,
 * which {@link #deleteAbandonedUploads} removes. See docs/decisions/013-filesystem-blob-store.md.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(FilesystemBlobStore.class);
    /** Keys are server-made; still, nothing that could leave the root or hide a file is accepted. */
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._\\-]+(/[A-Za-z0-9._\\-]+)*");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final Path incoming;

    /**
     * @param root     the folder holding the objects (created when absent)
     * @param incoming where writes are prepared; must be on the same file system as {@code root}, outside it
     */
    public FilesystemBlobStore(Path root, Path incoming) {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = incoming.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            Files.createDirectories(this.incoming);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the object folder " + root, e);
        }
    }

    /**
     * The objects folder and the incoming folder exist and are writable folders (a removed or read-only volume, or
     * a full disk that refuses a new file, is reported here rather than at the next upload).
     */
    @Override
    public void checkAvailable() {
        for (Path dir : List.of(root, incoming)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(dir)) {
                throw new StorageUnavailableException("the object folder is missing or not writable", null);
            }
        }
        Path probe = newIncoming();
        try {
            Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unavailable("cannot write to the object folder", e);
        } finally {
            deleteQuietly(probe);
        }
    }

    @Override
    public void put(String key, InputStream content, long size, String contentType) {
        Path target = file(key);
        Path temp = newIncoming();
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream sink = Channels.newOutputStream(out);
                byte[] buffer = new byte[BUFFER];
                long left = size;
                while (left > 0) {
                    int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new EOFException("the content ended " + left + " bytes short of " + size);
                    }
                    sink.write(buffer, 0, n);
                    left -= n;
                }
                if (content.read() >= 0) {
                    throw new IOException("the content is longer than the declared " + size + " bytes");
                }
                out.force(false);
            }
            publish(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw unavailable("cannot store an object", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Moves the file into place instead of copying it when it lies on this store's file system. */
    @Override
    public void putFile(String key, Path file, long size, String contentType) {
        Path target = file(key);
        try {
            if (Files.size(file) != size) {
                throw new IllegalArgumentException("the file is not " + size + " bytes long");
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            try {
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(target.getParent());
                return;
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                log.debug("{} is on another file system than the object store; copying", file);
            }
        } catch (IOException e) {
            throw unavailable("cannot store an object", e);
        }
        BlobStore.super.putFile(key, file, size, contentType);
    }

    @Override
    public InputStream get(String key) {
        try {
            return Files.newInputStream(existing(key));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            throw unavailable("cannot read an object", e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(existing(key), StandardOpenOption.READ);
            ch.position(offset);
            return new Bounded(Channels.newInputStream(ch), length);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            throw unavailable("cannot read an object", e);
        }
    }

    @Override
    public Optional<BlobStat> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(file(key), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(new BlobStat(key, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("cannot read an object's attributes", e);
        }
    }

    @Override
    public void list(String prefix, Consumer<BlobStat> visitor) {
        // walk only the deepest folder the prefix names in full
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!start.normalize().startsWith(root) || !Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            walk.forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix) && SAFE_KEY.matcher(key).matches()) {
                    stat(key).ifPresent(visitor);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw unavailable("cannot list objects", e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw unavailable("cannot delete an object", e);
        }
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        Path temp = newIncoming();
        try {
            Files.copy(existing(sourceKey), temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            publish(temp, file(targetKey));
        } catch (NoSuchFileException e) {
            deleteQuietly(temp);
            throw new BlobNotFoundException(sourceKey);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw unavailable("cannot copy an object", e);
        }
    }

    /** The object's file, for zero-copy serving; empty when absent. */
    @Override
    public Optional<Path> localFile(String key) {
        Path file = file(key);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /** Removes incoming files (a writer that died between write and rename) last touched before {@code cutoff}. */
    @Override
    public int deleteAbandonedUploads(Instant cutoff) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming, "*.incoming")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.warn("Could not sweep abandoned uploads in {}", incoming, e);
        }
        return deleted;
    }

    private void publish(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Makes the rename itself durable; not every platform can open a folder for this, and then it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.trace("cannot sync folder {}", dir, e);
        }
    }

    private Path newIncoming() {
        return incoming.resolve(UUID.randomUUID() + ".incoming");
    }

    private Path existing(String key) throws NoSuchFileException {
        Path file = file(key);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(key);
        }
        return file;
    }

    private Path file(String key) {
        if (!SAFE_KEY.matcher(key).matches() || DOT_SEGMENT.matcher(key).find()) {
            throw new IllegalArgumentException("not a storable key");
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("not a storable key");
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}; the cleanup will", file, e);
        }
    }

    private static StorageUnavailableException unavailable(String what, IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
        return new StorageUnavailableException(what + ": " + reason, e);
    }

    /** At most {@code left} bytes of the underlying stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
