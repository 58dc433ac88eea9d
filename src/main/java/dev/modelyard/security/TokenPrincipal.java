package dev.modelyard.security;

import java.util.Optional;

/**
 * What a request authenticated by an access token (personal or a job's) carries beside the user it acts for:
 * the token's name, the one workspace it may be limited to, the highest role it may use there, and the job it
 * belongs to. A request signed in with a password has no TokenPrincipal.
 */
public interface TokenPrincipal {

    /** The user the token acts for. */
    String username();

    String tokenName();

    /** The only workspace the token may reach, if it is limited to one (job tokens always are). */
    Optional<String> workspaceScope();

    /** The highest role the token may use in any workspace, whatever its user's membership allows. */
    AppRole maxRole();

    /** The job whose token this is; empty for a personal access token. */
    Optional<String> jobName();
}
