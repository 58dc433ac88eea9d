package dev.modelyard.models;

/**
 * Turns a reference to files stored elsewhere in Modelyard (a job's outputs today; runs or other models
 * later) into the files a version can be registered from. Features that own such files implement it, so
 * the registry depends on none of them.
 */
public interface ModelSourceResolver {

    /** Whether this resolver understands the reference's form (e.g. {@code azureml://jobs/…}, {@code jobs:/…}). */
    boolean supports(String reference);

    /** The files under the reference, with paths relative to it; a 400 naming what exists when it names nothing. */
    ResolvedSource resolve(String reference);
}
