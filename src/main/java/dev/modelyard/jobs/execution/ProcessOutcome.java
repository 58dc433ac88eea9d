package dev.modelyard.jobs.execution;

/**
 * How a process ended. {@code exitCode} is what the operating system reported (128 + signal when a signal ended it,
 * so 143 after SIGTERM and 137 after SIGKILL), or -1 when it never started; {@code message} is fit to show the user.
 */
public record ProcessOutcome(int exitCode, Reason reason, String message) {

    public enum Reason {
        /** It ended on its own; {@code exitCode} says whether it succeeded. */
        EXITED,
        /** {@link RunningProcess#cancel()} was called while it ran. */
        CANCELED,
        /** Its timeout fired while it ran. */
        TIMED_OUT,
        /** The program could not be started at all. */
        FAILED_TO_START
    }
}
