package dev.modelyard.support;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinRequest;
import dev.modelyard.TestUsers;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.UpdateUserCommand;
import dev.modelyard.security.UserService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Browserless Vaadin (Karibu-Testing) over the real Spring context, signed in as a given user. */
public final class KaribuSupport {

    private static final Routes PUBLIC_ROUTES = new Routes().autoDiscoverViews("dev.modelyard");

    private KaribuSupport() {
    }

    /**
     * Starts a mocked UI session in which {@code user} with {@code role} is signed in. Views are package-private,
     * which Karibu's discovery skips, so each test names the views it opens.
     */
    @SafeVarargs
    public static void signIn(ApplicationContext context, String user, AppRole role,
                              Class<? extends Component>... views) {
        ensureMember(context, user, role);
        Set<Class<? extends Component>> routes = new HashSet<>(PUBLIC_ROUTES.getRoutes());
        routes.addAll(List.of(views));
        Routes all = new Routes(routes, PUBLIC_ROUTES.getErrorRoutes(), true);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(role.authority())));
        SecurityContextHolder.getContext().setAuthentication(auth);
        MockVaadin.setup(UI::new, new MockSpringServlet(all, context, UI::new));
        VaadinRequest request = VaadinRequest.getCurrent();
        var mocked = (FakeRequest) ((VaadinServletRequest) request).getRequest();
        mocked.setUserPrincipalInt(auth);
        mocked.setUserInRole((principal, r) -> role.ordinal() >= AppRole.valueOf(r).ordinal());
    }

    /** A mocked UI session in which {@code user} is signed in as they are: no membership is added or changed. */
    public static void signInAsIs(ApplicationContext context, String user, AppRole role,
                                  java.util.Collection<Class<? extends Component>> views) {
        Set<Class<? extends Component>> routes = new HashSet<>(PUBLIC_ROUTES.getRoutes());
        routes.addAll(views);
        Routes all = new Routes(routes, PUBLIC_ROUTES.getErrorRoutes(), true);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(role.authority())));
        SecurityContextHolder.getContext().setAuthentication(auth);
        MockVaadin.setup(UI::new, new MockSpringServlet(all, context, UI::new));
        var mocked = (FakeRequest) ((VaadinServletRequest) VaadinRequest.getCurrent()).getRequest();
        mocked.setUserPrincipalInt(auth);
        mocked.setUserInRole((principal, r) -> role.ordinal() >= AppRole.valueOf(r).ordinal());
    }

    /** A mocked UI session with nobody signed in. */
    public static void anonymous(ApplicationContext context, java.util.Collection<Class<? extends Component>> views) {
        Set<Class<? extends Component>> routes = new HashSet<>(PUBLIC_ROUTES.getRoutes());
        routes.addAll(views);
        SecurityContextHolder.clearContext();
        MockVaadin.setup(UI::new, new MockSpringServlet(new Routes(routes, PUBLIC_ROUTES.getErrorRoutes(), true),
                context, UI::new));
    }

    /**
     * The portal decides roles by workspace membership: the user exists and has {@code role} in 'default' (a user
     * created or changed through the user service gets that role there), so views open in 'default' as them.
     */
    private static void ensureMember(ApplicationContext context, String user, AppRole role) {
        UserService users = context.getBean(UserService.class);
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            boolean exists = users.list().stream().anyMatch(u -> u.username().equals(user));
            if (!exists) {
                users.create(user, TestUsers.PASSWORD, role);
            } else {
                users.update(user, new UpdateUserCommand(role, null, null));
            }
        });
    }

    public static void tearDown() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }
}
