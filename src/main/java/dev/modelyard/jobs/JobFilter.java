package dev.modelyard.jobs;

/** What a job listing is narrowed to; null fields don't filter. {@code text} matches name or display name. */
public record JobFilter(String experiment, JobStatus status, String text) {

    public static JobFilter all() {
        return new JobFilter(null, null, null);
    }

    public JobFilter withExperiment(String value) {
        return new JobFilter(value, status, text);
    }

    public JobFilter withStatus(JobStatus value) {
        return new JobFilter(experiment, value, text);
    }

    public JobFilter withText(String value) {
        return new JobFilter(experiment, status, value);
    }
}
