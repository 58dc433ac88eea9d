package dev.modelyard.models;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a version's files came from: an upload, or a folder of a job's outputs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionSource(String kind, String job, String path) {

    public static final String UPLOAD = "upload";
    public static final String JOB = "job";

    public static VersionSource upload() {
        return new VersionSource(UPLOAD, null, null);
    }

    public static VersionSource job(String job, String path) {
        return new VersionSource(JOB, job, path);
    }
}
