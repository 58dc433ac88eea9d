package dev.modelyard.shell.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import dev.modelyard.IntegrationTest;
import dev.modelyard.TestUsers;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.models.ModelService;
import dev.modelyard.models.ModelTestData;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import dev.modelyard.support.KaribuSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every portal route × every kind of signed-in caller (and anonymous) → the view they get: the page itself, the
 * app's access-denied view (a role too small), its not-found view (not a member of the workspace), the sign-in page
 * (anonymous), or the no-workspace page. The inventory test fails when a route exists that the table does not list.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalRouteMatrixTest {

    enum Caller { ANONYMOUS, READER, CONTRIBUTOR, WS_ADMIN, PLATFORM_ADMIN, NOT_A_MEMBER }

    /** What a route asks of its caller. */
    enum Need { WS_MEMBER, WS_CONTRIBUTOR, WS_ADMIN, PLATFORM, SIGNED_IN, NOBODY }

    /** {@code template}: the route's template as declared; {@code location} may hold {model} and {job}. */
    record PortalRoute(String template, String location, String view, Need need) {
    }

    static final List<PortalRoute> ROUTES = List.of(
            new PortalRoute("w/:workspace/models", "w/default/models", "ModelListView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/models/:name", "w/default/models/{model}", "ModelDetailView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/models/:name/versions/:version", "w/default/models/{model}/versions/1",
                    "ModelDetailView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/register", "w/default/register", "RegisterModelView", Need.WS_CONTRIBUTOR),
            new PortalRoute("w/:workspace/jobs", "w/default/jobs", "JobListView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/jobs/:name", "w/default/jobs/{job}", "JobDetailView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/experiments/:name", "w/default/experiments/portal-matrix", "ExperimentCompareView",
                    Need.WS_MEMBER),
            new PortalRoute("w/:workspace/computes", "w/default/computes", "ComputeListView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/environments", "w/default/environments", "EnvironmentListView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/members", "w/default/members", "MembersView", Need.WS_MEMBER),
            new PortalRoute("w/:workspace/audit", "w/default/audit", "AuditView", Need.WS_ADMIN),
            new PortalRoute("tokens", "tokens", "TokenListView", Need.SIGNED_IN),
            new PortalRoute("welcome", "welcome", "NoWorkspaceView", Need.SIGNED_IN),
            new PortalRoute("admin/backups", "admin/backups", "BackupsView", Need.PLATFORM),
            new PortalRoute("admin/storage", "admin/storage", "StorageAdminView", Need.PLATFORM),
            // an address without a workspace opens in the caller's workspace (the Models view here)
            new PortalRoute(":path*", "models", "ModelListView", Need.WS_MEMBER),
            new PortalRoute("login", "login", "LoginView", Need.NOBODY));

    @Autowired
    ApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    ModelService models;
    @Autowired
    JobService jobs;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    JdbcTemplate jdbc;

    String model;
    String job;
    final List<Class<? extends Component>> views = new ArrayList<>();

    @BeforeAll
    void users_and_resources() throws ClassNotFoundException {
        TestUsers.ensureCreated(users);
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        for (BeanDefinition found : scan.findCandidateComponents("dev.modelyard")) {
            views.add(Class.forName(found.getBeanClassName()).asSubclass(Component.class));
        }
        model = ModelTestData.uniqueName("portal-matrix");
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            try (var staged = ModelTestData.stageText(artifacts, java.util.Map.of("a.txt", "portal"))) {
                models.register(ModelTestData.custom(model), staged);
            }
            for (Caller c : List.of(Caller.READER, Caller.CONTRIBUTOR, Caller.WS_ADMIN, Caller.NOT_A_MEMBER)) {
                if (users.list().stream().noneMatch(u -> u.username().equals(user(c)))) {
                    users.create(user(c), TestUsers.PASSWORD, AppRole.READER);
                }
            }
        });
        job = dev.modelyard.jobs.ui.JobTestData.submit(jobs, artifacts, "echo portal\n", "portal-matrix").name();
        setMembership(Caller.READER, "READER");
        setMembership(Caller.CONTRIBUTOR, "CONTRIBUTOR");
        setMembership(Caller.WS_ADMIN, "ADMIN");
        jdbc.update("delete from workspace_member where workspace_id = 1 and user_id = (select id from app_user where username = ?)",
                user(Caller.NOT_A_MEMBER));
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void every_route_shows_every_caller_what_the_table_says() {
        List<String> wrong = new ArrayList<>();
        for (PortalRoute route : ROUTES) {
            for (Caller caller : Caller.values()) {
                String expected = expected(route, caller);
                String location = route.location().replace("{model}", model).replace("{job}", job);
                String shown = show(caller, location);
                if (!expected.equals(shown)) {
                    wrong.add("/" + location + " as " + caller + ": expected " + expected + ", shown " + shown);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_table_lists_every_route_of_the_portal() {
        Set<String> declared = new TreeSet<>();
        for (Class<? extends Component> view : views) {
            Route route = view.getAnnotation(Route.class);
            declared.add(route.value());
            for (RouteAlias alias : view.getAnnotationsByType(RouteAlias.class)) {
                declared.add(alias.value());
            }
        }
        Set<String> listed = new HashSet<>();
        ROUTES.forEach(r -> listed.add(r.template()));
        Set<String> unlisted = new TreeSet<>(declared);
        unlisted.removeAll(listed);
        assertThat(unlisted).as("portal routes the matrix does not list").isEmpty();
    }

    static String expected(PortalRoute route, Caller caller) {
        if (caller == Caller.ANONYMOUS) {
            return "LoginView";
        }
        return switch (route.need()) {
            case NOBODY, SIGNED_IN -> route.view();
            case PLATFORM -> caller == Caller.PLATFORM_ADMIN ? route.view() : "AccessDeniedView";
            case WS_MEMBER -> caller == Caller.NOT_A_MEMBER
                    ? (route.template().equals(":path*") ? "NoWorkspaceView" : "NotFoundView") : route.view();
            case WS_CONTRIBUTOR -> caller == Caller.NOT_A_MEMBER ? "NotFoundView"
                    : caller == Caller.READER ? "AccessDeniedView" : route.view();
            case WS_ADMIN -> caller == Caller.NOT_A_MEMBER ? "NotFoundView"
                    : caller == Caller.READER || caller == Caller.CONTRIBUTOR ? "AccessDeniedView" : route.view();
        };
    }

    private String show(Caller caller, String location) {
        KaribuSupport.tearDown();
        if (caller == Caller.ANONYMOUS) {
            KaribuSupport.anonymous(context, views);
        } else if (caller == Caller.PLATFORM_ADMIN) {
            KaribuSupport.signInAsIs(context, "admin", AppRole.ADMIN, views);
        } else {
            KaribuSupport.signInAsIs(context, user(caller), AppRole.READER, views);
        }
        try {
            UI.getCurrent().navigate(location);
        } catch (RuntimeException e) {
            return "exception " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        List<HasElement> chain = UI.getCurrent().getInternals().getActiveRouterTargetsChain();
        return chain.isEmpty() ? "nothing" : chain.get(0).getClass().getSimpleName();
    }

    private void setMembership(Caller caller, String role) {
        int changed = jdbc.update("update workspace_member set role = ? where workspace_id = 1 and user_id = "
                + "(select id from app_user where username = ?)", role, user(caller));
        assertThat(changed).isEqualTo(1);
    }

    private static String user(Caller caller) {
        return "portal-" + caller.name().toLowerCase().replace('_', '-');
    }
}
