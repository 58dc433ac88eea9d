package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * modelyard.jobs.run-as-user: a job started as another account cannot read Modelyard's private files. Needs root
 * (to create the throwaway account and to switch to it); elsewhere it is skipped, saying so. CI runs as root.
 */
class RunAsUserTest {

    private static final String USER = "modelyard-test-job";

    @BeforeAll
    static void throwawayUser() throws Exception {
        assumeTrue(OsUser.currentIsRoot(), "skipped: only root can run a job as another user (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of(OsUser.SETPRIV)), "skipped: " + OsUser.SETPRIV + " is not installed");
        boolean exists = Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(USER + ":"));
        if (!exists) {
            Process add = new ProcessBuilder("/usr/sbin/useradd", "--system", "--no-create-home", "--shell",
                    "/usr/sbin/nologin", USER).inheritIO().start();
            assertThat(add.waitFor()).isZero();
        }
    }

    @Test
    void a_job_run_as_the_configured_user_cannot_read_the_data_directory(@TempDir Path dir) throws Exception {
        OsUser user = OsUser.lookup(USER);
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path database = Files.writeString(data.resolve("modelyard.mv.db"), "the registry's secrets");
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.setAttribute(work, "unix:uid", user.uid());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path log = dir.resolve("log.txt");

        ProcessOutcome outcome = new LocalProcessRunner().start(new ProcessSpec(List.of("/bin/sh", "-c",
                "id -u; cat " + database + " || echo DENIED; echo written > mine.txt"), work,
                Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(30), Duration.ofSeconds(1), user), log).await();

        String text = Files.readString(log);
        assertThat(outcome.exitCode()).isZero();
        assertThat(text).startsWith(user.uid() + "\n").contains("DENIED").doesNotContain("the registry's secrets");
        assertThat(Files.getAttribute(work.resolve("mine.txt"), "unix:uid")).isEqualTo(user.uid());
    }

    @Test
    void the_account_must_be_a_local_non_root_user() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OsUser.lookup("root")).hasMessageContaining("root");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OsUser.lookup("x; rm -rf /"))
                .hasMessageContaining("not a valid");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OsUser.lookup("no-such-user-here"))
                .hasMessageContaining("no local user");
    }
}
