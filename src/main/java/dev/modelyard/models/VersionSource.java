package dev.modelyard.models;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a version's files came from: an upload, or a folder of a job's outputs. For an upload, {@code path} is the
 * top-level folder that held every file and from inside which they were registered, if there was one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionSource(String kind, String job, String path) {

    public static final String UPLOAD = "upload";
    public static final String JOB = "job";

    public static VersionSource upload() {
        return new VersionSource(UPLOAD, null, null);
    }

    /** An upload whose files were all in {@code folder} and were registered from inside it. */
    public static VersionSource uploadFrom(String folder) {
        return new VersionSource(UPLOAD, null, folder);
    }

    public static VersionSource job(String job, String path) {
        return new VersionSource(JOB, job, path);
    }
}
