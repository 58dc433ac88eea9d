package dev.modelyard.jobs.ui;

import dev.modelyard.artifacts.StagedFile;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.SafeText;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The code of one submit dialog, staged on disk as it arrives — the approach of the register form's staging area
 * (docs/decisions/005-register-form-uploads.md), sized for a dialog. Files arrive on upload request threads, several
 * at once, while Submit runs on the UI thread, and a {@link StagedUpload} is not thread-safe: one lock guards it,
 * and the UI thread only ever tries that lock, so it never waits for a large file. Discarding starts a new
 * generation; a file that was in flight for an older one is dropped, and whoever holds the lock deletes the stale
 * set as it lets go.
 */
final class CodeStaging {

    private static final List<String> ARCHIVES = List.of(".zip", ".tar", ".tar.gz", ".tgz");

    enum Result {
        /** Staged. */
        STAGED,
        /** Refused (a hostile archive, a breached limit); the whole set was deleted. */
        REFUSED,
        /** A plain file whose name is staged already; the set is unchanged. */
        DUPLICATE,
        /** The set was discarded while this file waited or streamed; it was not kept. */
        DROPPED
    }

    /** What became of one file; {@code problem} says why it was refused or is a duplicate. */
    record Outcome(Result result, String problem) {
    }

    private final Supplier<StagedUpload> opener;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger generation = new AtomicInteger();
    private StagedUpload staged;                  // guarded by lock; null until needed
    private volatile int stagedIn = -1;           // the generation of {@code staged}; -1 when there is none
    private volatile List<StagedFile> files = List.of();

    CodeStaging(Supplier<StagedUpload> opener) {
        this.opener = opener;
    }

    /** Noted by an upload request when it starts, and passed to {@link #add}. */
    int generation() {
        return generation.get();
    }

    List<StagedFile> files() {
        return files;
    }

    /** Streams one file in: archives are unpacked, anything else is staged under its name. */
    Outcome add(String fileName, InputStream content, int startedIn) {
        lock.lock();
        try {
            if (generation.get() != startedIn) {
                return new Outcome(Result.DROPPED, null);
            }
            open(startedIn);
            boolean archive = isArchive(fileName);
            if (!archive && staged.file(fileName).isPresent()) {
                // StagedUpload would refuse it and become unusable; answering here keeps the set
                return new Outcome(Result.DUPLICATE, SafeText.quote(fileName)
                        + " is staged already; clear the files to replace it");
            }
            try {
                if (archive) {
                    staged.addArchive(fileName, content);
                } else {
                    staged.addFile(fileName, content);
                }
            } catch (InvalidInputException | UncheckedIOException refused) {
                discardLocked();
                return new Outcome(Result.REFUSED, refused.getMessage());
            } catch (RuntimeException | Error bug) {
                discardLocked();
                throw bug;
            }
            if (generation.get() != startedIn) {
                return new Outcome(Result.DROPPED, null);
            }
            files = staged.files();
            return new Outcome(Result.STAGED, null);
        } finally {
            release();
        }
    }

    /** Runs {@code action} with the staged set, or returns empty without running it while a file is arriving. */
    <T> Optional<T> use(Function<StagedUpload, T> action) {
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            open(generation.get());
            return Optional.of(action.apply(staged));
        } finally {
            release();
        }
    }

    /** Deletes the staged files now, or as soon as the upload holding them lets go; never waits. */
    void discard() {
        generation.incrementAndGet();
        files = List.of();
        if (lock.tryLock()) {
            release();
        }
    }

    static boolean isArchive(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return ARCHIVES.stream().anyMatch(lower::endsWith);
    }

    private void open(int currentGeneration) {
        if (staged == null) {
            staged = opener.get();
            stagedIn = currentGeneration;
        }
    }

    private void discardLocked() {
        generation.incrementAndGet();
        files = List.of();
    }

    /**
     * Deletes a stale set and unlocks. A discard that came after the check could not take the lock, so the set is
     * looked at again after unlocking: no stale set outlives the last thread that touched it.
     */
    private void release() {
        try {
            deleteIfStale();
        } finally {
            lock.unlock();
        }
        while (stagedIn != -1 && stagedIn != generation.get() && lock.tryLock()) {
            try {
                deleteIfStale();
            } finally {
                lock.unlock();
            }
        }
    }

    private void deleteIfStale() {
        if (staged != null && stagedIn != generation.get()) {
            staged.close();
            staged = null;
            stagedIn = -1;
        }
    }
}
