package dev.modelyard.security;

/** The token of a running job: its id (to revoke it) and its secret, which only the job's process receives. */
public record JobToken(long id, String secret) {

    @Override
    public String toString() {
        return "JobToken[id=" + id + ", secret=(secret)]";
    }
}
