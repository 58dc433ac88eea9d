package dev.modelyard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module arrows of CONVENTIONS.md §1, checked so that a wrong dependency fails the build. */
@AnalyzeClasses(packages = "dev.modelyard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule features_have_no_cycles = slices().matching("dev.modelyard.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule model_internals_stay_in_models = internalsOf("models");

    @ArchTest
    static final ArchRule artifact_internals_stay_in_artifacts = internalsOf("artifacts");

    @ArchTest
    static final ArchRule security_internals_stay_in_security = internalsOf("security");

    @ArchTest
    static final ArchRule nothing_depends_on_the_api = noClasses().that().resideOutsideOfPackage("dev.modelyard.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.api..");

    @ArchTest
    static final ArchRule nothing_but_views_and_security_config_depends_on_views = noClasses()
            .that().resideOutsideOfPackage("dev.modelyard..ui..")
            .and().doNotHaveFullyQualifiedName("dev.modelyard.security.SecurityConfig")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard..ui..");

    @ArchTest
    static final ArchRule the_shared_kernel_depends_on_no_feature = noClasses().that().resideInAPackage("dev.modelyard.base")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelyard.models..", "dev.modelyard.artifacts..",
                    "dev.modelyard.security..", "dev.modelyard.jobs..", "dev.modelyard.api..", "dev.modelyard.backups..");

    @ArchTest
    static final ArchRule artifacts_know_nothing_of_models = noClasses().that().resideInAPackage("dev.modelyard.artifacts..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.models..");

    @ArchTest
    static final ArchRule no_feature_depends_on_backups = noClasses().that().resideOutsideOfPackages("dev.modelyard.backups..",
                    "dev.modelyard.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.backups..")
            .because("backups read the other features; nothing reads backups");

    @ArchTest
    static final ArchRule format_readers_are_plain_java = noClasses().that().resideInAPackage("dev.modelyard.models.formats..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    @ArchTest
    static final ArchRule job_execution_is_plain_java = noClasses().that().resideInAPackage("dev.modelyard.jobs.execution..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    private static ArchRule internalsOf(String feature) {
        return noClasses().that().resideOutsideOfPackage("dev.modelyard." + feature + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.modelyard." + feature + ".internal..")
                .because("entities and repositories stay inside their feature");
    }
}
