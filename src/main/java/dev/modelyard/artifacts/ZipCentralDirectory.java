package dev.modelyard.artifacts;

import dev.modelyard.base.SafeText;
import java.nio.charset.StandardCharsets;

/**
 * Checks a zip's central directory after its entries were streamed. Only the central directory records Unix file
 * types (symlinks) and only it tells whether the local headers we streamed are the whole archive, so a streamed zip
 * is accepted only if its central directory is intact, lists as many entries as were read, and holds no links.
 */
final class ZipCentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int EOCD_LENGTH = 22;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int ZIP64_EOCD_MIN_LENGTH = 56;
    private static final int CFH_SIGNATURE = 0x02014b50;
    private static final int CFH_LENGTH = 46;
    private static final int PLATFORM_UNIX = 3;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int TYPE_REGULAR = 0100000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_SYMLINK = 0120000;

    private final String archiveName;
    private final byte[] tail;

    private ZipCentralDirectory(String archiveName, byte[] tail) {
        this.archiveName = archiveName;
        this.tail = tail;
    }

    /**
     * Verifies the central directory held in {@code tail} (the archive's last bytes, starting at stream offset
     * {@code tailStart}) against the number of entries streamed; throws InvalidUploadException if it does not match.
     */
    static void verify(String archiveName, byte[] tail, long tailStart, int streamedEntries) {
        new ZipCentralDirectory(archiveName, tail).verify(tailStart, streamedEntries);
    }

    private void verify(long tailStart, int streamedEntries) {
        int eocd = findEndRecord();
        if (eocd < 0) {
            throw hasTrailingData() ? new InvalidUploadException(SafeText.quote(archiveName)
                    + " is not a valid zip archive: it has unexpected data after its end") : damaged();
        }
        long listed = u16(eocd + 10);
        long size = u32(eocd + 12);
        int end = eocd;
        int locator = eocd - ZIP64_LOCATOR_LENGTH;
        if (locator >= 0 && u32(locator) == ZIP64_LOCATOR_SIGNATURE) {
            int record = findZip64Record(locator, u64(locator + 8) - tailStart);
            listed = u64(record + 32);
            size = u64(record + 40);
            end = record;
        }
        if (size < 0 || size > end) {
            throw damaged();
        }
        long count = checkEntries(end - (int) size, end);
        if (count != listed || count != streamedEntries) {
            throw new InvalidUploadException(SafeText.quote(archiveName) + " is not a valid zip archive: its "
                    + "central directory lists " + count + " entries but " + streamedEntries + " were found");
        }
    }

    /** The end record is the one whose comment runs exactly to the end of the archive. */
    private int findEndRecord() {
        int lowest = Math.max(0, tail.length - EOCD_LENGTH - 0xFFFF);
        for (int pos = tail.length - EOCD_LENGTH; pos >= lowest; pos--) {
            if (u32(pos) == EOCD_SIGNATURE && pos + EOCD_LENGTH + u16(pos + 20) == tail.length) {
                return pos;
            }
        }
        return -1;
    }

    /** Whether an end record exists but is followed by more bytes than its comment accounts for. */
    private boolean hasTrailingData() {
        for (int pos = tail.length - EOCD_LENGTH; pos >= 0; pos--) {
            if (u32(pos) == EOCD_SIGNATURE && pos + EOCD_LENGTH + u16(pos + 20) < tail.length) {
                return true;
            }
        }
        return false;
    }

    private int findZip64Record(int locator, long claimedOffset) {
        // the locator holds an absolute offset, wrong if data was prepended; the record usually sits right before it
        long[] candidates = {claimedOffset, locator - ZIP64_EOCD_MIN_LENGTH};
        for (long candidate : candidates) {
            if (candidate >= 0 && candidate + ZIP64_EOCD_MIN_LENGTH <= locator
                    && u32((int) candidate) == ZIP64_EOCD_SIGNATURE) {
                return (int) candidate;
            }
        }
        throw damaged();
    }

    private long checkEntries(int start, int end) {
        long count = 0;
        int pos = start;
        while (pos < end) {
            if (pos + CFH_LENGTH > end || u32(pos) != CFH_SIGNATURE) {
                throw damaged();
            }
            int platform = u16(pos + 4) >> 8;
            int flags = u16(pos + 8);
            int nameLength = u16(pos + 28);
            int next = pos + CFH_LENGTH + nameLength + u16(pos + 30) + u16(pos + 32);
            if (next > end) {
                throw damaged();
            }
            String name = new String(tail, pos + CFH_LENGTH, nameLength, StandardCharsets.UTF_8);
            checkEntry(name, platform, flags, u32(pos + 38));
            pos = next;
            count++;
        }
        return count;
    }

    private void checkEntry(String name, int platform, int flags, long externalAttributes) {
        if ((flags & 1) != 0) {
            throw ZipExtractor.encrypted(name, archiveName);
        }
        if (platform != PLATFORM_UNIX) {
            return;
        }
        int type = (int) (externalAttributes >>> 16) & FILE_TYPE_MASK;
        if (type == TYPE_SYMLINK) {
            throw ArchiveFormat.refused(name, archiveName, ArchiveFormat.LINK_REASON);
        }
        if (type != 0 && type != TYPE_REGULAR && type != TYPE_DIRECTORY) {
            throw ArchiveFormat.refused(name, archiveName, ArchiveFormat.SPECIAL_FILE_REASON);
        }
    }

    private InvalidUploadException damaged() {
        return new InvalidUploadException(SafeText.quote(archiveName) + " is not a valid zip archive: its central "
                + "directory is missing or damaged (was the file cut short?)");
    }

    private int u16(int pos) {
        return (tail[pos] & 0xFF) | (tail[pos + 1] & 0xFF) << 8;
    }

    private long u32(int pos) {
        return u16(pos) | (long) u16(pos + 2) << 16;
    }

    private long u64(int pos) {
        return u32(pos) | u32(pos + 4) << 32;
    }
}
