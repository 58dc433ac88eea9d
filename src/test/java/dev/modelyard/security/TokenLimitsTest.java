package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class TokenLimitsTest {

    private static Authentication token(String scope, AppRole max) {
        return new TokenAuthentication(new TokenAuthentication.Principal(1, "alice", "ci", scope, max, null),
                List.of(new SimpleGrantedAuthority(max.authority())));
    }

    private static final Authentication PASSWORD = UsernamePasswordAuthenticationToken.authenticated("alice", null,
            List.of(new SimpleGrantedAuthority(AppRole.ADMIN.authority())));

    @Test
    void a_scoped_token_reaches_only_its_workspace_and_others_reach_any() {
        assertThat(TokenLimits.mayReach(token("Fraud", AppRole.READER), "fraud")).isTrue();
        assertThat(TokenLimits.mayReach(token("fraud", AppRole.READER), "default")).isFalse();
        assertThat(TokenLimits.mayReach(token(null, AppRole.READER), "default")).isTrue();
        assertThat(TokenLimits.mayReach(PASSWORD, "default")).isTrue();
        assertThat(TokenLimits.mayReach(null, "default")).isTrue();
    }

    @Test
    void a_tokens_role_is_capped_at_its_maximum_and_a_password_is_not() {
        assertThat(TokenLimits.cap(token(null, AppRole.READER), AppRole.ADMIN)).isEqualTo(AppRole.READER);
        assertThat(TokenLimits.cap(token(null, AppRole.CONTRIBUTOR), AppRole.READER)).isEqualTo(AppRole.READER);
        assertThat(TokenLimits.cap(token(null, AppRole.ADMIN), AppRole.CONTRIBUTOR)).isEqualTo(AppRole.CONTRIBUTOR);
        assertThat(TokenLimits.cap(PASSWORD, AppRole.ADMIN)).isEqualTo(AppRole.ADMIN);
    }

    @Test
    void a_token_authentication_is_named_after_its_user_and_never_prints_a_secret() {
        Authentication auth = token("fraud", AppRole.READER);
        assertThat(auth.getName()).isEqualTo("alice");
        assertThat(TokenLimits.of(auth)).get().extracting(TokenPrincipal::tokenName).isEqualTo("ci");
        assertThat(new CreatedToken(1, "ci", "myd_secret", null, null, AppRole.READER, null).toString())
                .doesNotContain("myd_secret");
        assertThat(new JobToken(1, "myd_secret").toString()).doesNotContain("myd_secret");
    }
}
