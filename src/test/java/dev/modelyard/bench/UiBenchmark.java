package dev.modelyard.bench;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.communication.UidlWriter;
import dev.modelyard.TestUsers;
import dev.modelyard.base.ModelyardProperties;
import dev.modelyard.bench.BenchReport.Verdict;
import dev.modelyard.models.ModelFilter;
import dev.modelyard.models.ModelService;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UserService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Section 6: the Models view on the seeded registry, server side, through Karibu-Testing (the real view, the real
 * Spring context, mocked HTTP): the time from a new session to its first page of rows, then one scroll fetch
 * (rows 1000–1049, page 20), and the heap that idle signed-in sessions showing the view retain. The references
 * are the service call alone and a session showing the login view. The last Spring benchmark: it closes the
 * application afterwards, so the start-up benchmark can remove the data it leaves.
 */
@BenchmarkTest
@Order(4)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UiBenchmark {

    private static final int TIMED_SESSIONS = 30;

    @Autowired
    ApplicationContext context;
    @Autowired
    ModelService models;
    @Autowired
    DataSource dataSource;
    @Autowired
    ModelyardProperties properties;
    @Autowired
    UserService users;

    @AfterAll
    static void report() {
        BenchReport.write();
    }

    @Test
    void models_view_server_time_and_heap_per_idle_session() throws Exception {
        SeededRegistry seed = SeededRegistry.ensure(dataSource, properties.dataDir());
        // the reader must be a member of the default workspace, or the root address shows "not in a workspace"
        TestUsers.ensureCreated(users);
        MockSpringServlet servlet = servlet();
        var auth = UsernamePasswordAuthenticationToken.authenticated(TestUsers.READER, null,
                List.of(new SimpleGrantedAuthority(AppRole.READER.authority())));
        SecurityContextHolder.getContext().setAuthentication(auth);
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest request = new FakeRequest(session);
            request.setUserPrincipalInt(auth);
            request.setUserInRole((principal, role) -> AppRole.READER.ordinal() >= AppRole.valueOf(role).ordinal());
            return request;
        });
        try {
            // heap first: sessions opened earlier in this JVM would otherwise be garbage still being collected
            double login = heapPerSession(servlet, false);
            double models = heapPerSession(servlet, true);
            timing(servlet, seed);
            BenchReport.compare(6, "Heap per idle signed-in session showing the Models view", "KB", List.of(models),
                    "session showing the login view", List.of(login), "< 300 KB", BenchReport.atMost(models, 300));
            BenchReport.detail(6, String.format(Locale.ROOT, "Heap per session: %d Karibu sessions (one mocked "
                    + "HttpSession, VaadinSession and UI each, signed in as a READER) opened on the view with its first "
                    + "50 rows fetched and the response written, all kept alive; used heap after full collections with "
                    + "them minus before, divided by %d. Development mode's component tracker (a stack trace kept per "
                    + "component, absent from the production build) is switched off for the run "
                    + "(-Dvaadin.devmode.componentTracker.enabled=false); with it, a session holds about four times "
                    + "as much. Real HTTP sessions add the servlet container's session and Spring Security's context "
                    + "(a few KB).", BenchConfig.SESSIONS, BenchConfig.SESSIONS));
        } finally {
            MockVaadin.tearDown();
            MockVaadin.setMockRequestFactory(FakeRequest::new);
            SecurityContextHolder.clearContext();
        }
    }

    private final List<Double> firstBytes = new ArrayList<>();

    private void timing(MockSpringServlet servlet, SeededRegistry seed) {
        List<Double> firstPage = new ArrayList<>();
        List<Double> scroll = new ArrayList<>();
        List<Double> scrollBytes = new ArrayList<>();
        for (int i = 0; i < TIMED_SESSIONS + 5; i++) {
            seed.touch();
            long start = System.nanoTime();
            Grid<?> grid = openModelsView(servlet);
            long shown = System.nanoTime();
            seed.touch();
            long scrolledFrom = System.nanoTime();
            grid.getDataCommunicator().setRequestedRange(1000, 50);
            scrollBytes.add((double) respond());
            long scrolled = System.nanoTime();
            if (i >= 5) {
                firstPage.add((shown - start) / 1e6);
                scroll.add((scrolled - scrolledFrom) / 1e6);
            }
        }
        // what the scroll really fetched: the rows at 1000 exist and were read
        SqlCapture.Recorded<?> recorded = SqlCapture.record(() -> {
            Grid<?> grid = openModelsView(servlet);
            grid.getDataCommunicator().setRequestedRange(1000, 50);
            respond();
            return grid;
        });
        List<Double> serviceFirst = SearchBenchmark.timed(seed::touch, () ->
                models.searchModels(ModelFilter.all(), SearchBenchmark.FIRST_PAGE));
        List<Double> serviceScroll = SearchBenchmark.timed(seed::touch, () ->
                models.searchModels(ModelFilter.all(), PageRequest.of(20, 50, Sort.by("name"))));
        BenchReport.compare(6, "Models view, new session to first page shown (server time)", "ms", firstPage,
                "ModelService page query alone", serviceFirst, "< 100 ms",
                BenchReport.atMost(Stats.median(firstPage), 100));
        BenchReport.compare(6, "Models view, scroll fetch of rows 1000–1049 (page 20)", "ms", scroll,
                "ModelService page 20 alone", serviceScroll, "", Verdict.INFO);
        BenchReport.figure(6, "Models view, first response to the browser (UIDL JSON)", "KB",
                Stats.median(firstBytes) / 1024, "< 100 KB", BenchReport.atMost(Stats.median(firstBytes) / 1024, 100));
        BenchReport.figure(6, "Models view, scroll response (UIDL JSON)", "KB", Stats.median(scrollBytes) / 1024, "",
                Verdict.INFO);
        BenchReport.detail(6, String.format(Locale.ROOT, "Server time on %s, through Karibu-Testing (real view, real "
                        + "Spring context, mocked servlet layer): MockVaadin.setup (session, UI, navigation to the view, "
                        + "its constructor and beforeEnter), the round trip that fetches and renders the first 50 rows, "
                        + "and Vaadin's UidlWriter building the JSON response, as the server does for the browser; "
                        + "median of %d new sessions after 5 warm-ups. The scroll is setRequestedRange(1000, 50), its "
                        + "round trip and response. Statements of one open-and-scroll: %d; their paging: %s.",
                seed.describe(), TIMED_SESSIONS, recorded.statements().size(), paging(recorded.statements())));
    }

    private static String paging(List<SqlCapture.Statement> statements) {
        List<String> out = new ArrayList<>();
        for (SqlCapture.Statement s : statements) {
            String sql = s.sql().toLowerCase(Locale.ROOT);
            if (sql.contains("offset") || sql.contains("fetch first") || sql.contains("limit")) {
                List<Object> values = new ArrayList<>(s.parameters().values());
                out.add("offset/limit " + values.subList(Math.max(0, values.size() - 2), values.size()));
            }
        }
        return String.join(", ", out);
    }

    private double heapPerSession(MockSpringServlet servlet, boolean modelsView) {
        openView(servlet, modelsView);
        List<Object> alive = new ArrayList<>();
        long before = HeapWatch.settledUsed();
        long half = 0;
        for (int i = 0; i < BenchConfig.SESSIONS; i++) {
            if (i == BenchConfig.SESSIONS / 2) {
                half = HeapWatch.settledUsed();
            }
            openView(servlet, modelsView);
            alive.add(VaadinSession.getCurrent());
            alive.add(UI.getCurrent());
        }
        long after = HeapWatch.settledUsed();
        assertThat(alive).hasSize(2 * BenchConfig.SESSIONS);
        alive.clear();
        BenchReport.detail(6, String.format(Locale.ROOT, "%d sessions on the %s view: settled heap %.1f MB before, "
                        + "%.1f MB with half of them, %.1f MB with all (linear growth means the figure is per session).",
                BenchConfig.SESSIONS, modelsView ? "Models" : "login", before / (double) BenchConfig.MB,
                half / (double) BenchConfig.MB, after / (double) BenchConfig.MB));
        return (after - before) / 1024.0 / BenchConfig.SESSIONS;
    }

    private void openView(MockSpringServlet servlet, boolean modelsView) {
        if (modelsView) {
            openModelsView(servlet);
        } else {
            MockVaadin.setup(UI::new, servlet);
            UI.getCurrent().navigate("login");
            respond();
        }
    }

    /** A new session whose first navigation (the root route) shows the Models view; fetches its first 50 rows. */
    private Grid<?> openModelsView(MockSpringServlet servlet) {
        MockVaadin.setup(UI::new, servlet);
        Grid<?> grid = _get(Grid.class, spec -> spec.withId("models-grid"));
        grid.getDataCommunicator().setRequestedRange(0, 50);
        firstBytes.add((double) respond());
        return grid;
    }

    /**
     * Ends a request as the server does: runs what was scheduled before the response, then writes the response
     * (Vaadin's UidlWriter), which also clears the changes it sent. Karibu alone never writes one, so without this
     * a mocked session keeps every change it ever made. Returns the response's size in characters.
     */
    private static int respond() {
        // not MockVaadin.clientRoundtrip() first: it discards the pending JavaScript calls, which carry the grid's
        // row data, so the response would be measured without its rows (as it was before issue 13)
        UI ui = UI.getCurrent();
        ui.getInternals().getStateTree().runExecutionsBeforeClientResponse();
        int size = new UidlWriter().createUidl(ui, false).toString().length();
        MockVaadin.clientRoundtrip();
        return size;
    }

    @SuppressWarnings("unchecked")
    private MockSpringServlet servlet() throws ClassNotFoundException {
        // views are package-private, which Karibu's discovery skips: name the one we open
        Routes discovered = new Routes().autoDiscoverViews("dev.modelyard");
        Set<Class<? extends Component>> routes = new HashSet<>(discovered.getRoutes());
        routes.add((Class<? extends Component>) Class.forName("dev.modelyard.models.ui.ModelListView"));
        return new MockSpringServlet(new Routes(routes, discovered.getErrorRoutes(), true), context, UI::new);
    }
}
