package dev.modelyard.shell.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.Lumo;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.modelyard.security.AppRole;
import dev.modelyard.workspaces.WorkspaceAccess;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import dev.modelyard.workspaces.WorkspaceSummary;
import dev.modelyard.workspaces.ui.WorkspaceRoutes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The app shell: brand, the workspace switcher, navigation within the workspace shown, a light/dark switch, and
 * the user menu (the signed-in user's name: access tokens, sign-out). The navigation's links carry the workspace, so they follow the switcher.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private static final String THEME_KEY = "modelyard-theme";

    private final AuthenticationContext auth;
    private final WorkspaceService workspaces;
    private final WorkspaceAccess access;
    private final Select<WorkspaceSummary> switcher = new Select<>();
    private final SideNav nav = new SideNav();
    private String shownFor;

    MainLayout(AuthenticationContext auth, WorkspaceService workspaces, WorkspaceAccess access) {
        this.auth = auth;
        this.workspaces = workspaces;
        this.access = access;
        setPrimarySection(Section.DRAWER);
        Span brand = new Span("Modelyard");
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Padding.MEDIUM);
        nav.setId("main-nav");
        addToDrawer(brand, nav);

        switcher.setId("workspace-switcher");
        switcher.setAriaLabel("Workspace");
        switcher.setTooltipText("Workspace");
        switcher.setItemLabelGenerator(w -> w.displayName().equals(w.name()) ? w.name() : w.displayName() + " (" + w.name() + ")");
        switcher.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                UI.getCurrent().navigate("w/" + e.getValue().name() + "/models");
            }
        });
        switcher.setVisible(false);

        Span user = new Span(auth.getPrincipalName().orElse(""));
        user.addClassName("current-user");
        MenuBar userMenu = new MenuBar();
        userMenu.setId("user-menu");
        userMenu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY);
        SubMenu account = userMenu.addItem(new Span(VaadinIcon.USER.create(), user)).getSubMenu();
        account.addItem("Access tokens", e -> UI.getCurrent().navigate("tokens")).setId("user-menu-tokens");
        account.addItem("Sign out", e -> auth.logout()).setId("sign-out");
        Button theme = new Button(VaadinIcon.ADJUST.create(), e -> toggleDarkTheme());
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        theme.setId("theme-toggle");
        theme.setTooltipText("Light / dark");
        theme.setAriaLabel("Switch between light and dark");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), switcher, new Span(), theme, userMenu);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(header.getComponentAt(2));
        header.addClassNames(LumoUtility.Padding.End.MEDIUM);
        addToNavbar(header);
    }

    /** The browser remembers the choice (localStorage), so it survives sign-out and restarts. */
    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        event.getUI().getPage().executeJs("return localStorage.getItem($0)", THEME_KEY)
                .then(String.class, stored -> setDark(event.getUI(), Lumo.DARK.equals(stored)));
    }

    /** Follows the workspace of the view shown: the switcher's value and the navigation's links. */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        if (!auth.isAuthenticated()) {
            return;
        }
        Optional<WorkspaceRef> current = WorkspaceRoutes.current(event.getLocationChangeEvent().getUI());
        String key = current.map(WorkspaceRef::name).orElse("") + "|" + access.atLeast(AppRole.CONTRIBUTOR)
                + "|" + access.atLeast(AppRole.ADMIN);
        if (Objects.equals(key, shownFor)) {
            return;
        }
        shownFor = key;
        List<WorkspaceSummary> mine = workspaces.mine();
        switcher.setItems(mine);
        switcher.setVisible(!mine.isEmpty());
        current.flatMap(ws -> mine.stream().filter(w -> w.name().equals(ws.name())).findFirst())
                .ifPresentOrElse(switcher::setValue, switcher::clear);
        nav.removeAll();
        current.ifPresent(ws -> {
            String base = "w/" + ws.name() + "/";
            nav.addItem(item("Models", base + "models", VaadinIcon.CUBES));
            nav.addItem(item("Jobs", base + "jobs", VaadinIcon.PLAY_CIRCLE_O));
            nav.addItem(item("Computes", base + "computes", VaadinIcon.SERVER));
            nav.addItem(item("Environments", base + "environments", VaadinIcon.PACKAGE));
            if (access.atLeast(AppRole.CONTRIBUTOR)) {
                nav.addItem(item("Register", base + "register", VaadinIcon.UPLOAD));
            }
            nav.addItem(item("Members", base + "members", VaadinIcon.USERS));
            if (access.atLeast(AppRole.ADMIN)) {
                nav.addItem(item("Audit", base + "audit", VaadinIcon.CLIPBOARD_TEXT));
            }
        });
        // pages outside any workspace (administration) declare themselves with @Menu; the list holds only those the
        // user may open
        MenuConfiguration.getMenuEntries().forEach(entry -> {
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            nav.addItem(item);
        });
    }

    private static SideNavItem item(String title, String path, VaadinIcon icon) {
        SideNavItem item = new SideNavItem(title, path);
        item.setPrefixComponent(new Icon(icon));
        // the Models item stays lit on model pages, the Jobs item on job pages
        item.setMatchNested(true);
        return item;
    }

    private void toggleDarkTheme() {
        getUI().ifPresent(ui -> {
            boolean dark = !ui.getElement().getThemeList().contains(Lumo.DARK);
            setDark(ui, dark);
            ui.getPage().executeJs("localStorage.setItem($0, $1)", THEME_KEY, dark ? Lumo.DARK : Lumo.LIGHT);
        });
    }

    private static void setDark(UI ui, boolean dark) {
        ui.getElement().getThemeList().set(Lumo.DARK, dark);
    }
}
