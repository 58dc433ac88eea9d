package dev.modelyard.security.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import dev.modelyard.IntegrationTest;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.SignInThrottledException;
import dev.modelyard.support.KaribuSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.WebAttributes;

/** The login page after a refused sign-in (a paused one says until when) and after signing out. */
@IntegrationTest
class LoginViewTest {

    @Autowired
    ApplicationContext context;

    @AfterEach
    void close() {
        KaribuSupport.tearDown();
    }

    private LoginForm openAfter(Exception failure) {
        KaribuSupport.signIn(context, "anyone", AppRole.READER);
        VaadinSession.getCurrent().getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, failure);
        UI.getCurrent().navigate("login", new QueryParameters(Map.of("error", List.of(""))));
        return _get(LoginForm.class);
    }

    @Test
    void a_paused_sign_in_says_when_to_try_again() {
        LoginForm form = openAfter(new SignInThrottledException(Instant.parse("2026-11-30T10:15:00Z")));

        assertThat(form.isError()).isTrue();
        String i18n = form.getElement().getPropertyRaw("i18n").toString();
        assertThat(i18n).contains("Too many failed sign-ins", "10:15:00 UTC");
    }

    @Test
    void a_wrong_password_keeps_the_usual_message() {
        LoginForm form = openAfter(new BadCredentialsException("bad"));

        assertThat(form.isError()).isTrue();
        assertThat(String.valueOf(form.getElement().getPropertyRaw("i18n"))).doesNotContain("Too many failed sign-ins");
    }

    @Test
    void after_sign_out_the_login_page_says_so_and_not_otherwise() {
        KaribuSupport.anonymous(context, List.of());

        UI.getCurrent().navigate("login", new QueryParameters(Map.of(LoginView.SIGNED_OUT, List.of(""))));
        assertThat(_get(Paragraph.class, spec -> spec.withId("signed-out")).getText()).isEqualTo("You have signed out.");

        UI.getCurrent().navigate("login");
        _assertNone(Paragraph.class, spec -> spec.withId("signed-out"));
    }
}
