package dev.modelyard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
    static final ArchRule audit_internals_stay_in_audit = internalsOf("audit");

    @ArchTest
    static final ArchRule azureml_internals_stay_in_azureml = internalsOf("azureml");
    static final ArchRule job_internals_stay_in_jobs = internalsOf("jobs");

    /** Security and workspaces publish base.AuditEvent instead of calling the audit, which depends on them. */
    @ArchTest
    static final ArchRule the_audit_sits_above_security_and_workspaces = noClasses()
            .that().resideInAnyPackage("dev.modelyard.security..", "dev.modelyard.workspaces..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.audit..");

    /** Append only: the audit's repositories offer no update or delete (a plain Repository, no CRUD methods). */
    @ArchTest
    static final ArchRule audit_repositories_cannot_update_or_delete = classes()
            .that().resideInAPackage("dev.modelyard.audit..")
            .and().areAssignableTo(org.springframework.data.repository.Repository.class)
            .should().notBeAssignableTo(org.springframework.data.repository.CrudRepository.class)
            .andShould().notBeAssignableTo(org.springframework.data.repository.ListCrudRepository.class)
            .andShould().notBeAssignableTo(org.springframework.data.jpa.repository.JpaSpecificationExecutor.class);

    @ArchTest
    static final ArchRule nothing_in_the_audit_deletes_updates_or_sets = noMethods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.modelyard.audit..")
            .should().haveNameMatching("(delete|remove|update|set|merge|saveAll).*")
            .orShould().beAnnotatedWith(org.springframework.data.jpa.repository.Modifying.class);

    @ArchTest
    static final ArchRule nothing_depends_on_the_api = noClasses().that().resideOutsideOfPackage("dev.modelyard.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.api..");

    @ArchTest
    static final ArchRule nothing_depends_on_the_mlflow_surface = noClasses().that().resideOutsideOfPackage("dev.modelyard.mlflow..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.mlflow..");

    @ArchTest
    static final ArchRule nothing_depends_on_the_azureml_surface = noClasses().that().resideOutsideOfPackage("dev.modelyard.azureml..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.azureml..")
            .because("the Azure ML surface is an adapter over the features (decision 020)");

    @ArchTest
    static final ArchRule the_azureml_surface_uses_no_other_surface = noClasses().that().resideInAPackage("dev.modelyard.azureml..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelyard.api..", "dev.modelyard.mlflow..",
                    "dev.modelyard..ui..");

    @ArchTest
    static final ArchRule nothing_but_views_and_security_config_depends_on_views = noClasses()
            .that().resideOutsideOfPackage("dev.modelyard..ui..")
            .and().doNotHaveFullyQualifiedName("dev.modelyard.security.SecurityConfig")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard..ui..");

    /**
     * What several features' views share (the staged upload, display formats, the layout) lives in base.ui and
     * shell.ui, below every feature's views (issue 13): they may build on the artifacts feature's staging, never
     * on a feature that uses them.
     */
    @ArchTest
    static final ArchRule shared_views_know_no_feature_that_uses_them = noClasses()
            .that().resideInAnyPackage("dev.modelyard.base.ui..", "dev.modelyard.shell.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelyard.models..", "dev.modelyard.jobs..",
                    "dev.modelyard.mlflow..", "dev.modelyard.azureml..", "dev.modelyard.backups..",
                    "dev.modelyard.audit..", "dev.modelyard.api..");

    /** Features' views share through base.ui and shell.ui, not through each other: only navigation crosses. */
    @ArchTest
    static final ArchRule job_views_reach_model_views_only_to_navigate = noClasses()
            .that().resideInAPackage("dev.modelyard.jobs.ui..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.modelyard.models.ui..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("ModelsNavigation"))));

    @ArchTest
    static final ArchRule model_views_do_not_reach_job_views = noClasses()
            .that().resideInAPackage("dev.modelyard.models.ui..")
            .should().dependOnClassesThat().resideInAPackage("dev.modelyard.jobs.ui..");

    @ArchTest
    static final ArchRule the_shared_kernel_depends_on_no_feature = noClasses().that().resideInAPackage("dev.modelyard.base")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelyard.models..", "dev.modelyard.artifacts..",
                    "dev.modelyard.security..", "dev.modelyard.jobs..", "dev.modelyard.api..", "dev.modelyard.backups..",
                    "dev.modelyard.audit..", "dev.modelyard.workspaces..");

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
