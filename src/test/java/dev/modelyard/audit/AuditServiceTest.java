package dev.modelyard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.artifacts.StagedUpload;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobEvents;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.JobWaiter;
import dev.modelyard.jobs.RegisterFromJobCommand;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.models.ModelVersionDetails;
import dev.modelyard.models.UpdateVersionCommand;
import dev.modelyard.models.VersionRef;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.TokenPrincipal;
import dev.modelyard.security.UpdateUserCommand;
import dev.modelyard.security.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Every kind of change leaves one audit entry: who, how, when, where, what, before → after. */
@IntegrationTest
@Timeout(120)
class AuditServiceTest {

    @Autowired
    AuditService audit;
    @Autowired
    ModelService models;
    @Autowired
    JobService jobs;
    @Autowired
    dev.modelyard.jobs.JobQueryService jobQueries;
    @Autowired
    dev.modelyard.jobs.JobOutputService jobOutputs;
    @Autowired
    JobEvents jobEvents;
    @Autowired
    UserService users;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    Clock clock;

    static <T> T as(String user, AppRole role, Supplier<T> action) {
        AtomicReference<T> out = new AtomicReference<>();
        TestUsers.runAs(user, role, () -> out.set(action.get()));
        return out.get();
    }

    ModelVersionDetails register(String user, String name) {
        return as(user, AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.txt", "weights of " + name))) {
                return models.register(ModelTestData.custom(name), staged);
            }
        });
    }

    List<AuditRecord> history(String... targets) {
        return as("auditor", AppRole.READER, () -> audit.history(List.of(targets), PageRequest.of(0, 100)).getContent());
    }

    List<AuditRecord> search(AuditFilter filter) {
        return as("admin", AppRole.ADMIN, () -> audit.search(filter, PageRequest.of(0, 100)).getContent());
    }

    List<AuditRecord> global(AuditFilter filter) {
        return as("admin", AppRole.ADMIN, () -> audit.searchGlobal(filter, PageRequest.of(0, 100)).getContent());
    }

    @Test
    void registering_a_version_records_who_registered_what_in_the_workspace() {
        Instant before = clock.instant();
        String name = ModelTestData.uniqueName("audited");
        register("alice", name);

        List<AuditRecord> entries = history(AuditTargets.version(name, 1));
        assertThat(entries).hasSize(1);
        AuditRecord e = entries.get(0);
        assertThat(e.action()).isEqualTo("model.version.registered");
        assertThat(e.actor()).isEqualTo("alice");
        assertThat(e.via()).isEqualTo("password");
        assertThat(e.workspace()).isEqualTo("default");
        assertThat(e.at()).isBetween(before, clock.instant());
        assertThat(e.before()).isNull();
        assertThat(e.after()).contains("\"type\":\"custom_model\"", "\"team\":\"fraud\"", "\"files\":1");
    }

    @Test
    void tag_and_description_edits_record_before_and_after_and_an_unchanged_value_records_nothing() {
        String name = ModelTestData.uniqueName("edited");
        register("alice", name);
        VersionRef v1 = new VersionRef(name, 1);
        as("bob", AppRole.CONTRIBUTOR, () -> models.update(v1, new UpdateVersionCommand("better words",
                Map.of("team", "risk", "stage", "prod"))));
        as("bob", AppRole.CONTRIBUTOR, () -> models.update(v1, new UpdateVersionCommand("better words", null)));
        as("bob", AppRole.CONTRIBUTOR, () -> models.describeModel(name, "the model"));

        List<AuditRecord> entries = history(AuditTargets.version(name, 1), AuditTargets.model(name));
        assertThat(entries).extracting(AuditRecord::action).containsExactly("model.description.changed",
                "model.version.tags.changed", "model.version.description.changed", "model.version.registered");
        AuditRecord tags = entries.get(1);
        assertThat(tags.actor()).isEqualTo("bob");
        assertThat(tags.before()).isEqualTo("{\"tags\":{\"team\":\"fraud\"}}");
        assertThat(tags.after()).contains("\"stage\":\"prod\"", "\"team\":\"risk\"");
        assertThat(entries.get(2).before()).isEqualTo("{\"description\":\"a custom model\"}");
        assertThat(entries.get(2).after()).isEqualTo("{\"description\":\"better words\"}");
        assertThat(entries.get(0).target()).isEqualTo("model:" + name);
        assertThat(entries.get(0).after()).isEqualTo("{\"description\":\"the model\"}");
    }

    @Test
    void a_change_that_rolls_back_leaves_no_entry() {
        String name = ModelTestData.uniqueName("rolled");
        register("alice", name);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            tooMany.put("k" + i, "v");
        }
        // the description changes (and is audited) first, then the tags are refused: the whole transaction rolls back
        assertThatThrownBy(() -> as("bob", AppRole.CONTRIBUTOR, () -> models.update(new VersionRef(name, 1),
                new UpdateVersionCommand("never saved", tooMany)))).isInstanceOf(InvalidInputException.class);

        assertThat(history(AuditTargets.version(name, 1))).extracting(AuditRecord::action)
                .containsExactly("model.version.registered");
        assertThat(as("bob", AppRole.READER, () -> models.version(new VersionRef(name, 1))).description())
                .isEqualTo("a custom model");
    }

    @Test
    void archiving_and_restoring_record_one_entry_per_version_that_changed() {
        String name = ModelTestData.uniqueName("archived");
        register("alice", name);
        register("alice", name);
        as("carol", AppRole.CONTRIBUTOR, () -> models.setArchived(new VersionRef(name, 1), true));
        as("admin", AppRole.ADMIN, () -> models.setModelArchived(name, true));
        as("admin", AppRole.ADMIN, () -> models.setModelArchived(name, false));

        List<AuditRecord> v1 = history(AuditTargets.version(name, 1));
        assertThat(v1).extracting(AuditRecord::action).containsExactly("model.version.restored",
                "model.version.archived", "model.version.registered");
        assertThat(v1.get(1).actor()).isEqualTo("carol");
        assertThat(v1.get(1).before()).isEqualTo("{\"archived\":false}");
        assertThat(v1.get(1).after()).isEqualTo("{\"archived\":true}");
        assertThat(history(AuditTargets.version(name, 2))).extracting(AuditRecord::action).containsExactly(
                "model.version.restored", "model.version.archived", "model.version.registered");
        List<AuditRecord> model = history(AuditTargets.model(name));
        assertThat(model).extracting(AuditRecord::action).containsExactly("model.restored", "model.archived");
        assertThat(model.get(1).after()).isEqualTo("{\"versions\":[2]}");
        assertThat(model.get(0).after()).isEqualTo("{\"versions\":[1,2]}");
    }

    @Test
    void job_submit_cancel_resubmit_and_registration_from_outputs_are_recorded(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path tmp) throws Exception {
        // the first run finishes; the resubmitted one waits, so the cancel always finds it running (a run that
        // finished first would leave nothing to cancel, and nothing to record)
        String firstRan = tmp.resolve("first-ran").toString();
        JobDetails job = as("dave", AppRole.CONTRIBUTOR, () -> {
            try (StagedUpload code = ModelTestData.stageText(artifacts, Map.of("run.sh",
                    "if [ -e '" + firstRan + "' ]; then sleep 120; fi\ntouch '" + firstRan + "'\n"
                            + "mkdir -p \"$MODELYARD_OUTPUTS_DIR/model\"\necho w > \"$MODELYARD_OUTPUTS_DIR/model/w.bin\"\n"))) {
                return jobs.submit(new SubmitJobCommand("sh run.sh", "python-3@latest", "local", null, "audit", null,
                        Map.of(), Map.of("SECRET_TOKEN", "do-not-record"), null), code);
            }
        });
        JobDetails done = JobWaiter.until(jobQueries, jobEvents, job.name(), JobStatus::isTerminal, Duration.ofSeconds(90));
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        String model = ModelTestData.uniqueName("from-job");
        as("dave", AppRole.CONTRIBUTOR, () -> jobOutputs.registerModel(model, null, new RegisterFromJobCommand("custom_model",
                "jobs:/" + job.name() + "/outputs/model", null, null, null)));
        JobDetails again = as("erin", AppRole.CONTRIBUTOR, () -> jobs.resubmit(job.name()));
        as("erin", AppRole.CONTRIBUTOR, () -> jobs.cancel(again.name()));

        AuditRecord submitted = history(AuditTargets.job(job.name())).get(0);
        assertThat(submitted.action()).isEqualTo("job.submitted");
        assertThat(submitted.actor()).isEqualTo("dave");
        assertThat(submitted.after()).contains("\"command\":\"sh run.sh\"", "\"experiment\":\"audit\"")
                .doesNotContain("do-not-record");
        assertThat(history(AuditTargets.version(model, 1))).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("model.version.registered");
            assertThat(e.after()).contains("\"kind\":\"job\"", job.name());
        });
        List<AuditRecord> rerun = history(AuditTargets.job(again.name()));
        assertThat(rerun).extracting(AuditRecord::action).containsExactly("job.canceled", "job.resubmitted");
        assertThat(rerun.get(0).actor()).isEqualTo("erin");
        assertThat(rerun.get(0).after()).containsAnyOf("\"status\":\"Canceled\"", "\"status\":\"CancelRequested\"");
        assertThat(rerun.get(1).after()).contains("\"resubmittedFrom\":\"" + job.name() + "\"");
    }

    @Test
    void user_administration_is_recorded_globally_and_never_the_password() {
        String name = ModelTestData.uniqueName("newbie");
        as("admin", AppRole.ADMIN, () -> users.create(name, "initial-password-1", AppRole.READER));
        as("admin", AppRole.ADMIN, () -> users.update(name, new UpdateUserCommand(AppRole.CONTRIBUTOR, false,
                "changed-password-2")));

        List<AuditRecord> entries = global(AuditFilter.ALL.withAction("user"));
        List<AuditRecord> mine = entries.stream().filter(e -> e.target().equals("user:" + name)).toList();
        assertThat(mine).extracting(AuditRecord::action).containsExactly("user.updated", "user.created");
        assertThat(mine).allSatisfy(e -> {
            assertThat(e.workspace()).isNull();
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(String.valueOf(e.before()) + e.after()).doesNotContain("password-1", "password-2", "$2a$");
        });
        assertThat(mine.get(0).before()).isEqualTo("{\"role\":\"READER\",\"enabled\":true}");
        assertThat(mine.get(0).after()).isEqualTo("{\"passwordChanged\":true,\"role\":\"CONTRIBUTOR\",\"enabled\":false}");
        assertThat(search(AuditFilter.ALL.withActor("admin"))).noneMatch(e -> e.target().equals("user:" + name));
    }

    @Test
    void a_token_or_a_job_token_is_named_as_the_way_in() {
        String viaToken = ModelTestData.uniqueName("tokened");
        String viaJob = ModelTestData.uniqueName("tokened");
        withToken("frank", "ci-pipeline", null, () -> registerInCurrentContext(viaToken));
        withToken("frank", "job-token", "bold_river_7k2p9q", () -> registerInCurrentContext(viaJob));

        assertThat(history(AuditTargets.version(viaToken, 1))).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("frank");
            assertThat(e.via()).isEqualTo("token:ci-pipeline");
        });
        assertThat(history(AuditTargets.version(viaJob, 1))).singleElement()
                .satisfies(e -> assertThat(e.via()).isEqualTo("job:bold_river_7k2p9q"));
    }

    @Test
    void filters_narrow_by_actor_action_prefix_and_time_and_pages_come_newest_first() {
        Instant start = clock.instant();
        String actor = ModelTestData.uniqueName("filterer");
        String name = ModelTestData.uniqueName("filtered");
        register(actor, name);
        as(actor, AppRole.CONTRIBUTOR, () -> models.setArchived(new VersionRef(name, 1), true));
        as(actor, AppRole.CONTRIBUTOR, () -> models.setArchived(new VersionRef(name, 1), false));
        Instant end = clock.instant().plusMillis(1);

        assertThat(search(AuditFilter.ALL.withActor(actor))).extracting(AuditRecord::action).containsExactly(
                "model.version.restored", "model.version.archived", "model.version.registered");
        assertThat(search(AuditFilter.ALL.withActor(actor).withAction("model.version.archived"))).hasSize(1);
        assertThat(search(AuditFilter.ALL.withActor(actor).withAction("model.version"))).hasSize(3);
        assertThat(search(AuditFilter.ALL.withActor(actor).withAction("model.ver"))).isEmpty();
        assertThat(search(AuditFilter.ALL.withActor(actor).withRange(start, end))).hasSize(3);
        assertThat(search(AuditFilter.ALL.withActor(actor).withRange(end, end.plusSeconds(60)))).isEmpty();
        assertThatThrownBy(() -> search(AuditFilter.ALL.withRange(end, start))).isInstanceOf(InvalidInputException.class);

        var first = as("admin", AppRole.ADMIN, () -> audit.search(AuditFilter.ALL.withActor(actor), PageRequest.of(0, 2)));
        var second = as("admin", AppRole.ADMIN, () -> audit.search(AuditFilter.ALL.withActor(actor), PageRequest.of(1, 2)));
        assertThat(first.hasNext()).isTrue();
        assertThat(first.getContent()).extracting(AuditRecord::action).containsExactly("model.version.restored",
                "model.version.archived");
        assertThat(second.hasNext()).isFalse();
        assertThat(second.getContent()).extracting(AuditRecord::action).containsExactly("model.version.registered");
    }

    @Test
    void only_admins_list_the_audit() {
        assertThatThrownBy(() -> as("rita", AppRole.CONTRIBUTOR, () -> audit.search(AuditFilter.ALL, PageRequest.of(0, 1))))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThatThrownBy(() -> as("rita", AppRole.CONTRIBUTOR, () -> audit.searchGlobal(AuditFilter.ALL, PageRequest.of(0, 1))))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    private void registerInCurrentContext(String name) {
        try (StagedUpload staged = ModelTestData.stageText(artifacts, Map.of("model.txt", "w"))) {
            models.register(ModelTestData.custom(name), staged);
        }
    }

    private static void withToken(String user, String tokenName, String job, Runnable action) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TestToken(user, tokenName, job));
        SecurityContextHolder.setContext(context);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** What the tokens feature's authentication looks like to the audit: a principal that is a TokenPrincipal. */
    private static final class TestToken extends AbstractAuthenticationToken {
        private final TokenPrincipal principal;

        TestToken(String user, String tokenName, String job) {
            super(List.of(new SimpleGrantedAuthority(AppRole.CONTRIBUTOR.authority())));
            this.principal = new TokenPrincipal() {
                public String username() { return user; }
                public String tokenName() { return tokenName; }
                public Optional<String> workspaceScope() { return Optional.empty(); }
                public AppRole maxRole() { return AppRole.CONTRIBUTOR; }
                public Optional<String> jobName() { return Optional.ofNullable(job); }
            };
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }

        @Override
        public String getName() {
            return principal.username();
        }
    }
}
