package dev.modelyard.shell.ui;

import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The files of one form (the register form's model files, the submit dialog's job code), staged on disk as they
 * arrive. Upload requests run on their own threads, possibly
 * several at once, while the form works in the UI thread; a {@link StagedUpload} is not thread-safe, so one lock
 * guards it. Streaming a large file holds that lock for long, so the UI thread never waits for it: it only tries,
 * and a reset or close that cannot take the lock marks the set stale for whoever holds it to delete.
 *
 * <p>Each reset starts a new generation; a file whose request started in an older generation is discarded, so
 * files that were in flight when the user cleared the set, or when another file was refused, do not come back.
 * See docs/decisions/005-register-form-uploads.md.
 */
public final class StagingArea {

    private static final List<String> ARCHIVE_SUFFIXES = List.of(".zip", ".tar", ".tar.gz", ".tgz");
    /** By path, as a file manager lists a folder; not in the order parallel uploads happened to finish. */
    private static final Comparator<StagedFile> BY_PATH = Comparator
            .comparing(StagedFile::path, String.CASE_INSENSITIVE_ORDER).thenComparing(StagedFile::path);

    private final Supplier<StagedUpload> opener;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger generation = new AtomicInteger();
    private StagedUpload staged;                    // guarded by lock; null until the first file arrives
    private volatile int stagedGeneration = -1;     // the generation of {@code staged}, -1 when there is none
    private volatile List<StagedFile> files = List.of();

    public StagingArea(Supplier<StagedUpload> opener) {
        this.opener = opener;
    }

    /** What became of one uploaded file. */
    public record Outcome(Status status, List<StagedFile> files, String problem) {
        public enum Status {
            /** Staged; {@code files} is the whole set now. */
            STAGED,
            /** Refused; the whole set was deleted, and {@code problem} says why. */
            REJECTED,
            /** A plain file whose name is staged already; the set is unchanged. */
            DUPLICATE,
            /** The set was reset while this file waited or streamed; it was not kept. */
            DISCARDED
        }
    }

    /** The current generation; an upload notes it when its request starts and passes it to {@link #add}. */
    public int generation() {
        return generation.get();
    }

    /** The staged files, by path. */
    public List<StagedFile> files() {
        return files;
    }

    /**
     * Streams one uploaded file into the set: archives (.zip, .tar, .tar.gz, .tgz) are unpacked, other files are
     * staged under their name. A refused file empties the whole set, because a refused StagedUpload is unusable.
     */
    public Outcome add(String fileName, InputStream content, int startedIn) {
        lock.lock();
        try {
            if (generation.get() != startedIn) {
                return new Outcome(Outcome.Status.DISCARDED, files, null);
            }
            if (staged == null) {
                staged = opener.get();
                stagedGeneration = startedIn;
            }
            if (!isArchive(fileName) && staged.file(fileName).isPresent()) {
                // a file dropped twice: StagedUpload would refuse it and lose the whole set, so answer here
                return new Outcome(Outcome.Status.DUPLICATE, files,
                        SafeText.quote(fileName) + " is staged already; clear the files to replace it");
            }
            try {
                if (isArchive(fileName)) {
                    staged.addArchive(fileName, content);
                } else {
                    staged.addFile(fileName, content);
                }
            } catch (InvalidInputException | UncheckedIOException refused) {
                resetLocked();
                return new Outcome(Outcome.Status.REJECTED, files, refused.getMessage());
            } catch (RuntimeException | Error bug) {
                resetLocked();
                throw bug;
            }
            List<StagedFile> now = staged.files().stream().sorted(BY_PATH).toList();
            files = now;
            // checked after publishing: a reset that raced with the line above has cleared the list or is seen here
            if (generation.get() != startedIn) {
                // cleared or closed while this file streamed: the set is stale and goes when the lock is released
                files = List.of();
                return new Outcome(Outcome.Status.DISCARDED, List.of(), null);
            }
            return new Outcome(Outcome.Status.STAGED, now, null);
        } finally {
            unlockAndSweep();
        }
    }

    /**
     * Runs {@code action} with the staged set, or returns empty without running it while a file is still streaming
     * in. The set stays open; {@link #reset} it once it is used up.
     */
    public <T> Optional<T> withStaged(Function<StagedUpload, T> action) {
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            if (staged == null) {
                staged = opener.get();
                stagedGeneration = generation.get();
            }
            return Optional.of(action.apply(staged));
        } finally {
            unlockAndSweep();
        }
    }

    /** Deletes every staged file and starts a fresh, empty set; never waits for an upload in flight. */
    public void reset() {
        generation.incrementAndGet();
        files = List.of();
        sweep();
    }

    /** Deletes every staged file; the same as {@link #reset}, named for detach. */
    public void close() {
        reset();
    }

    public static boolean isArchive(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return ARCHIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private void resetLocked() {
        generation.incrementAndGet();
        files = List.of();
        deleteIfStale();
    }

    private void unlockAndSweep() {
        deleteIfStale();
        lock.unlock();
        sweep();
    }

    /**
     * Deletes a stale set if the lock is free. If it is not, its holder sweeps after releasing it and then sees the
     * newer generation, so a stale set never outlives the last thread that touches it.
     */
    private void sweep() {
        while (stagedGeneration != -1 && stagedGeneration != generation.get() && lock.tryLock()) {
            try {
                deleteIfStale();
            } finally {
                lock.unlock();
            }
        }
    }

    private void deleteIfStale() {
        if (staged != null && stagedGeneration != generation.get()) {
            staged.close();
            staged = null;
            stagedGeneration = -1;
        }
    }
}
