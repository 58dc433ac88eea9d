package dev.modelyard.models.formats;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An upload held in memory, path to bytes; every change returns a new copy so fixtures stay intact. */
final class InMemoryFiles implements ModelFileSource {

    private final Map<String, byte[]> files;

    InMemoryFiles(Map<String, byte[]> files) {
        this.files = new LinkedHashMap<>(files);
    }

    /** Files from alternating path and UTF-8 text arguments. */
    static InMemoryFiles of(String... pathsAndTexts) {
        InMemoryFiles result = new InMemoryFiles(Map.of());
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            result = result.with(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return result;
    }

    InMemoryFiles with(String path, String text) {
        return with(path, text.getBytes(StandardCharsets.UTF_8));
    }

    InMemoryFiles with(String path, byte[] bytes) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put(path, bytes);
        return new InMemoryFiles(copy);
    }

    InMemoryFiles without(String path) {
        requireFile(path);
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.remove(path);
        return new InMemoryFiles(copy);
    }

    /** The files below {@code folder}, re-rooted there. */
    InMemoryFiles under(String folder) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(folder + "/")) {
                copy.put(path.substring(folder.length() + 1), bytes);
            }
        });
        if (copy.isEmpty()) {
            throw new AssertionError("no files under " + folder + " in " + files.keySet());
        }
        return new InMemoryFiles(copy);
    }

    /** The same files moved into {@code folder}. */
    InMemoryFiles movedInto(String folder) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((path, bytes) -> copy.put(folder + "/" + path, bytes));
        return new InMemoryFiles(copy);
    }

    String text(String path) {
        return new String(requireFile(path), StandardCharsets.UTF_8);
    }

    @Override
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    @Override
    public long size(String path) {
        return requireFile(path).length;
    }

    @Override
    public InputStream open(String path) throws FileNotFoundException {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new FileNotFoundException(path);
        }
        return new ByteArrayInputStream(bytes);
    }

    private byte[] requireFile(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new AssertionError("no file " + path + " in " + files.keySet());
        }
        return bytes;
    }
}
