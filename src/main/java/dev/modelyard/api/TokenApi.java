package dev.modelyard.api;

import dev.modelyard.security.CreateTokenCommand;
import dev.modelyard.security.CreatedToken;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.TokenSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's personal access tokens. The secret is in the creation response only. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "Tokens")
class TokenApi {

    private final TokenService tokens;

    TokenApi(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "Create a personal access token: {name, expiresInDays, workspace (optional scope), "
            + "role (optional maximum)}; 'token' is shown in this response only")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedToken> create(@RequestBody CreateTokenCommand body) {
        CreatedToken created = tokens.create(body);
        // the secret must not linger in a cache on the way
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.id()))
                .cacheControl(CacheControl.noStore()).body(created);
    }

    @Operation(summary = "The caller's tokens, newest first, with lastUsedAt and status; never the secret")
    @GetMapping
    List<TokenSummary> list() {
        return tokens.list();
    }

    @Operation(summary = "Revoke a token at once; someone else's token is 404 (a platform admin may revoke any)")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
