package dev.modelyard.models.formats;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The files of one upload, named by sanitised relative paths with '/' separators. */
public interface ModelFileSource {

    /** Every file path in the upload (directories are implied by the paths, never listed). */
    List<String> paths();

    /** The size in bytes of the file at {@code path}, one of {@link #paths()}. */
    long size(String path);

    /** A fresh stream over the file at {@code path}; the caller closes it. */
    InputStream open(String path) throws IOException;
}
