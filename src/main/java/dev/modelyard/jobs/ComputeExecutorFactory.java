package dev.modelyard.jobs;

/**
 * Makes the executor for one kind of compute target. Spring beans: one per kind ({@code local}, {@code ray}).
 * The compute-target registry asks the factory of a target's kind for its executor when the target is created
 * (or at start for stored targets) and calls {@link ComputeExecutor#shutdown()} when it is deleted.
 */
public interface ComputeExecutorFactory {

    /** The kind this factory serves, e.g. {@code local} or {@code ray}. */
    String kind();

    /** Checks a definition before it is stored; throws IllegalArgumentException with a user-facing message. */
    default void validate(ComputeTargetDefinition target) {
    }

    /** A new executor for the target; it starts accepting jobs at once. */
    ComputeExecutor create(ComputeTargetDefinition target);
}
