package dev.modelyard.base.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.Lumo;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * The app shell: brand, navigation built from the views' {@code @Menu} entries, a light/dark switch, and the
 * user menu (the signed-in user's name: access tokens, sign-out).
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    private static final String THEME_KEY = "modelyard-theme";

    MainLayout(AuthenticationContext auth) {
        setPrimarySection(Section.DRAWER);
        Span brand = new Span("Modelyard");
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Padding.MEDIUM);
        addToDrawer(brand, navigation());

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
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), new Span(), theme, userMenu);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(header.getComponentAt(1));
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

    private static SideNav navigation() {
        SideNav nav = new SideNav();
        MenuConfiguration.getMenuEntries().forEach(entry -> {
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new com.vaadin.flow.component.icon.Icon(entry.icon()));
            }
            nav.addItem(item);
        });
        return nav;
    }
}
