package dev.modelyard.jobs.envspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequirementsTest {

    @Test
    void requirements_are_normalised_so_equal_needs_give_equal_text() {
        var parsed = Requirements.parse("""
                # training deps
                Scikit_Learn == 1.6.1   # pinned
                numpy>=1.26, <3
                requests[Security,socks] ; python_version >= "3.8" and sys_platform == 'linux'
                pandas (>=2.0)
                numpy>=1.26, <3
                """, "requirements", "requirements");

        assertThat(parsed).containsExactly("numpy>=1.26,<3", "pandas>=2.0",
                "requests[security,socks]; python_version >= \"3.8\" and sys_platform == 'linux'",
                "scikit-learn==1.6.1");
        assertThat(Requirements.parse("numpy>=1.26,<3\nscikit-learn==1.6.1\npandas>=2.0\n"
                + "requests[socks,security];python_version>=\"3.8\" and sys_platform=='linux'", "r", "r"))
                .isEqualTo(parsed);
    }

    @Test
    void hash_pins_and_continuation_lines_pass() {
        String sha = "a".repeat(64);
        assertThat(Requirements.parse("numpy==2.1.3 \\\n    --hash=sha256:" + sha.toUpperCase() + "\n", "r", "r"))
                .containsExactly("numpy==2.1.3 --hash=sha256:" + sha);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--index-url http://evil.example/simple", "-i http://evil.example/simple",
            "--extra-index-url=http://x", "-e /etc", "-r /etc/passwd", "-c constraints.txt", "--find-links /tmp",
            "--trusted-host evil", "-f http://x"})
    void option_lines_are_refused_naming_the_line(String hostile) {
        assertThatThrownBy(() -> Requirements.parse("numpy\n" + hostile + "\n", "requirements", "requirements"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("line 2").hasMessageContaining(hostile).hasMessageContaining("options are not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy; rm -rf /", "numpy ; rm -rf ~", "numpy; python_version < '3' ; rm x",
            "numpy; __import__('os')", "numpy; python_version"})
    void anything_but_a_marker_after_a_semicolon_is_refused(String hostile) {
        assertThatThrownBy(() -> Requirements.parse(hostile, "requirements", "requirements"))
                .isInstanceOf(SpecException.class).hasMessageContaining("line 1").hasMessageContaining("marker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo @ https://evil.example/foo.whl", "https://evil.example/foo.tar.gz", "./local-pkg",
            "/etc", "../x.whl", "file:///etc/passwd", "git+https://github.com/a/b", "pkg/sub", "~/x",
            "numpy==${SECRET}", "numpy && rm", "numpy | cat", "numpy==1.0 --install-option=--prefix=/",
            "numpy`id`", "numpy\u0000"})
    void urls_paths_variables_and_junk_are_refused(String hostile) {
        assertThatThrownBy(() -> Requirements.parse(hostile, "requirements", "requirements"))
                .isInstanceOf(SpecException.class).hasMessageContaining("line 1");
    }

    @Test
    void a_conda_file_gives_its_python_version_and_pip_section_and_refuses_other_conda_packages() {
        CondaFile conda = CondaFile.parse("""
                name: mlflow-env
                channels: [conda-forge]
                dependencies:
                  - python=3.11.2
                  - pip<=23.0.1
                  - pip:
                    - mlflow==2.22.2
                    - Scikit-Learn==1.6.1
                """);
        assertThat(conda.pythonVersion()).isEqualTo("3.11");
        assertThat(conda.pip()).containsExactly("mlflow==2.22.2", "scikit-learn==1.6.1");

        assertThatThrownBy(() -> CondaFile.parse("dependencies:\n  - python=3.11\n  - numpy=1.26\n  - cudatoolkit\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("\"numpy=1.26\"")
                .hasMessageContaining("\"cudatoolkit\"").hasMessageContaining("no conda solver");
        assertThatThrownBy(() -> CondaFile.parse("dependencies:\n  - pip:\n    - --index-url http://evil\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("conda.yaml pip: entry 1");
        assertThatThrownBy(() -> CondaFile.parse("- numpy\n")).isInstanceOf(SpecException.class).hasMessageContaining("mapping");
    }

    @Test
    void the_build_hash_follows_what_is_installed_not_variables_or_order() {
        var a = EnvironmentDefinition.of("/usr/bin/python3", "3.11.2", "numpy\nscikit-learn==1.6.1", null, Map.of());
        var b = EnvironmentDefinition.of("/usr/bin/python3", "3.11.2", "scikit_learn == 1.6.1\n# c\nNumPy",
                null, Map.of("X", "1"));
        var c = EnvironmentDefinition.of("/usr/bin/python3", "3.11.2", "numpy\nscikit-learn==1.6.0", null, Map.of());
        var d = EnvironmentDefinition.of("/usr/bin/python3", "3.11.2", "numpy",
                "dependencies:\n  - pip:\n    - scikit-learn==1.6.1\n", Map.of());

        assertThat(a.buildHash()).isEqualTo(b.buildHash()).isEqualTo(d.buildHash()).hasSize(64);
        assertThat(a.buildHash()).isNotEqualTo(c.buildHash());
        assertThat(a.sameAs(d)).isTrue();
        assertThat(a.sameAs(b)).isFalse();
        assertThat(a.requirementsFile()).isEqualTo("numpy\nscikit-learn==1.6.1\n");
        assertThatThrownBy(() -> EnvironmentDefinition.of("/usr/bin/python3", "3.11.2", "", null, Map.of("PATH", "/x")))
                .isInstanceOf(SpecException.class).hasMessageContaining("PATH");
    }
}
