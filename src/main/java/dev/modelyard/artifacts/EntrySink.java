package dev.modelyard.artifacts;

import java.io.IOException;
import java.io.InputStream;

/** Where an archive reader hands the entries it accepts; the sink validates names and enforces the caps. */
interface EntrySink {

    /** Validates and records a folder entry's name; folders themselves are not staged. */
    void directory(String rawName);

    /** Stages a regular file, reading {@code data} to its end; an IOException means the archive data is broken. */
    void file(String rawName, InputStream data, CompressionMeter meter) throws IOException;
}
