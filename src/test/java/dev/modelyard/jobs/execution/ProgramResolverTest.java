package dev.modelyard.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.base.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramResolverTest {

    private static final Map<String, Path> ALIASES = Map.of(
            "python", Path.of("/usr/bin/python3"), "python3", Path.of("/usr/bin/python3"));

    @TempDir
    Path root;

    @Test
    void an_alias_resolves_to_its_program_before_any_path_lookup() throws Exception {
        Path bin = Files.createDirectory(root.resolve("bin"));
        executable(bin.resolve("python"));

        assertThat(ProgramResolver.resolve("python", ALIASES, List.of(bin), workDir()))
                .isEqualTo(Path.of("/usr/bin/python3"));
    }

    @Test
    void a_bare_name_is_the_first_executable_match_on_the_given_path() throws Exception {
        Path first = Files.createDirectory(root.resolve("first"));
        Path second = Files.createDirectory(root.resolve("second"));
        Path third = Files.createDirectory(root.resolve("third"));
        Files.writeString(first.resolve("tool"), "not executable");
        executable(second.resolve("tool"));
        executable(third.resolve("tool"));

        assertThat(ProgramResolver.resolve("tool", Map.of(), List.of(first, second, third), workDir()))
                .isEqualTo(second.resolve("tool"));
    }

    @Test
    void a_bare_name_is_never_looked_up_on_this_servers_own_path() {
        assertThatThrownBy(() -> ProgramResolver.resolve("sh", ALIASES, List.of(), workDir()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("'sh' is not a program this environment provides; it has: python, python3");
    }

    @Test
    void an_absolute_path_to_an_executable_file_is_used_as_it_is() throws Exception {
        Path data = Files.writeString(root.resolve("data.txt"), "not a program");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(ProgramResolver.resolve("/bin/sh", ALIASES, List.of(), workDir())).isEqualTo(Path.of("/bin/sh"));
        assertRefused("/no/such/program", "'/no/such/program' does not exist");
        assertRefused(data.toString(), "'" + data + "' is not an executable file");
        assertRefused("/bin", "'/bin' is not an executable file");
    }

    @Test
    void a_relative_path_resolves_inside_the_work_dir() throws Exception {
        Path run = executable(workDir().resolve("run.sh"));
        Path nested = executable(Files.createDirectory(workDir().resolve("scripts")).resolve("go"));

        assertThat(ProgramResolver.resolve("./run.sh", ALIASES, List.of(), workDir())).isEqualTo(run);
        assertThat(ProgramResolver.resolve("scripts/go", ALIASES, List.of(), workDir())).isEqualTo(nested);
        assertThat(ProgramResolver.resolve("./scripts/../run.sh", ALIASES, List.of(), workDir())).isEqualTo(run);
    }

    @Test
    void a_relative_path_that_escapes_the_work_dir_is_refused_even_when_the_file_exists() throws Exception {
        executable(root.resolve("x"));

        assertRefused("../x", "'../x' points outside the job's code folder");
        assertRefused("./scripts/../../x", "'./scripts/../../x' points outside the job's code folder");
    }

    @Test
    void a_symlink_in_the_work_dir_that_leads_out_of_it_is_refused() throws Exception {
        Files.createSymbolicLink(workDir().resolve("link"), Path.of("/bin/sh"));

        assertRefused("./link", "'./link' points outside the job's code folder");
    }

    @Test
    void a_script_without_the_executable_bit_is_refused_with_a_hint() throws Exception {
        Files.writeString(workDir().resolve("train.py"), "print('hi')\n");

        assertRefused("./train.py", "'./train.py' is not an executable file; run it with its interpreter");
    }

    @Test
    void an_unknown_program_is_refused_with_what_the_environment_has() {
        assertThatThrownBy(() -> ProgramResolver.resolve("foo", ALIASES, List.of(Path.of("/usr/bin")), workDir()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("command");
                    assertThat(e.getMessage()).isEqualTo("'foo' is not a program this environment provides; "
                            + "it has: python, python3, and the programs in /usr/bin");
                });
    }

    private Path workDir() {
        try {
            return Files.createDirectories(root.resolve("code"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRefused(String program, String messageStart) {
        assertThatThrownBy(() -> ProgramResolver.resolve(program, ALIASES, List.of(), workDir()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("command");
                    assertThat(e.getMessage()).startsWith(messageStart);
                });
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
