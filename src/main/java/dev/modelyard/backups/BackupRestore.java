package dev.modelyard.backups;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lays a backup out as a data directory: the H2 files under {@code db/}, the objects where the embedded S3 server
 * keeps them ({@code objects/<bucket>/<key>}). Plain Java: it runs before Spring starts anything
 * ({@link RestoreOnStart}), so nothing has opened the database yet.
 */
public final class BackupRestore {

    /** The marker a restored data directory keeps, naming its backup; a restart with the same option skips. */
    static final String MARKER = "restored-from";
    private static final Pattern DATABASE_FILE = Pattern.compile("[A-Za-z0-9_-]+\\.mv\\.db");

    private BackupRestore() {
    }

    /**
     * Restores {@code backup} into {@code dataDir}, which must be empty or absent. Returns false when {@code dataDir}
     * was restored from this same backup before (a restart that still names it), true when it restored now.
     */
    public static boolean restore(Path backup, Path dataDir, String bucket) throws IOException {
        if (!Files.isRegularFile(backup.resolve(BackupService.MANIFEST)) || !Files.isRegularFile(backup.resolve(BackupService.DATABASE))) {
            throw new IllegalArgumentException(backup + " is not a Modelyard backup folder (it needs "
                    + BackupService.MANIFEST + " and " + BackupService.DATABASE + ")");
        }
        String name = backup.toAbsolutePath().normalize().getFileName().toString();
        Path marker = dataDir.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(name)) {
            return false;
        }
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("refusing to restore into " + dataDir + ": it is not empty. "
                            + "Restore into a new, empty data directory (modelyard.data-dir) instead");
                }
            }
        }
        Files.createDirectories(dataDir);
        unzipDatabase(backup.resolve(BackupService.DATABASE), dataDir.resolve("db"));
        Path objects = backup.resolve(BackupService.OBJECTS);
        Path bucketDir = dataDir.resolve("objects").resolve(bucket);
        if (Files.isDirectory(objects)) {
            try (Stream<Path> walk = Files.walk(objects)) {
                for (Path source : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Path target = bucketDir.resolve(objects.relativize(source).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        } else {
            Files.createDirectories(bucketDir);
        }
        Files.writeString(marker, name + "\n", StandardCharsets.UTF_8);
        return true;
    }

    /**
     * Extracts an H2 {@code BACKUP TO} zip into {@code target}; returns the database name (the file name without
     * {@code .mv.db}). Only plain H2 file names are accepted: a backup is still input to be distrusted.
     */
    static String unzipDatabase(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        String database = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!DATABASE_FILE.matcher(entry.getName()).matches()) {
                    throw new IllegalArgumentException("unexpected entry in the database backup: " + entry.getName());
                }
                copy(in, target.resolve(entry.getName()));
                database = entry.getName().substring(0, entry.getName().length() - ".mv.db".length());
            }
        }
        if (database == null) {
            throw new IllegalArgumentException("the database backup " + zip.getFileName() + " holds no database file");
        }
        return database;
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the zip stream stays open for the next entry
            }
        }, target);
    }

}
