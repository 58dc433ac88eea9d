package dev.modelyard.api;

import dev.modelyard.security.CreateUserCommand;
import dev.modelyard.security.UpdateUserCommand;
import dev.modelyard.security.UserService;
import dev.modelyard.security.UserSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users and their roles (ADMIN only). Passwords are never returned. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserApi {

    private final UserService users;

    UserApi(UserService users) {
        this.users = users;
    }

    @GetMapping
    List<UserSummary> list() {
        return users.list();
    }

    @Operation(summary = "Create a user: {username, password, role}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserSummary> create(@RequestBody CreateUserCommand body) {
        UserSummary created = users.create(body.username(), body.password(), body.role());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
    }

    @Operation(summary = "Change a user's role, enabled flag or password: {role, enabled, password}")
    @PatchMapping(path = "/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserSummary update(@PathVariable String username, @RequestBody UpdateUserCommand body) {
        return users.update(username, body);
    }
}
