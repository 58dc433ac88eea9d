package dev.modelyard.jobs;

/** A place jobs run, with how busy it is now. */
public record ComputeTarget(String name, String kind, int slots, int running, int queued) {
}
