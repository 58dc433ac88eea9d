package dev.modelyard.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.modelyard.security.SignInThrottledException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Modelyard")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter RETRY_TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The query parameter sign-out redirects here with, so the page can say the user signed out. */
    public static final String SIGNED_OUT = "signed-out";

    private final LoginForm form = new LoginForm();
    private final Paragraph signedOut = new Paragraph("You have signed out.");

    public LoginView() {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        signedOut.setId("signed-out");
        signedOut.getElement().setAttribute("role", "status");
        signedOut.setVisible(false);
        add(new H1("Modelyard"), new Paragraph("Model registry and ML workspace"), signedOut, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean error = event.getLocation().getQueryParameters().getParameters().containsKey("error");
        signedOut.setVisible(!error && event.getLocation().getQueryParameters().getParameters().containsKey(SIGNED_OUT));
        if (error && lastFailure() instanceof SignInThrottledException throttled) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getErrorMessage().setTitle("Too many failed sign-ins");
            i18n.getErrorMessage().setMessage("Sign-in is paused for this user or address. Try again after "
                    + RETRY_TIME.format(throttled.retryAt()) + " UTC.");
            form.setI18n(i18n);
        }
        form.setError(error);
    }

    /** What Spring Security's failure handler kept in the session about the last refused sign-in. */
    private static Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null || session.getSession() == null ? null
                : session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
