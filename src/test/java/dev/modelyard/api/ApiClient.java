package dev.modelyard.api;

import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** A signed-in REST caller for tests (HTTP Basic or a bearer token): multipart registration and plain JSON calls. */
final class ApiClient {

    private final TestRestTemplate rest;
    private final String bearer;

    ApiClient(TestRestTemplate rest, String user, String password) {
        this.rest = user == null ? rest : rest.withBasicAuth(user, password);
        this.bearer = null;
    }

    private ApiClient(TestRestTemplate rest, String bearer) {
        this.rest = rest;
        this.bearer = bearer;
    }

    /** A caller that sends {@code Authorization: Bearer <token>}. */
    static ApiClient withToken(TestRestTemplate rest, String token) {
        return new ApiClient(rest, token);
    }

    private HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        return headers;
    }

    /** A file part whose filename may carry a relative path. */
    static ByteArrayResource file(String path, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return path;
            }
        };
    }

    static MultiValueMap<String, Object> form(String type, Map<String, byte[]> files, List<String> tags) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("type", type);
        files.forEach((path, bytes) -> form.add("files", file(path, bytes)));
        tags.forEach(t -> form.add("tags", t));
        return form;
    }

    ResponseEntity<Map> register(String name, MultiValueMap<String, Object> form) {
        return send(HttpMethod.POST, "/api/v1/models/" + name + "/versions", form, MediaType.MULTIPART_FORM_DATA);
    }

    ResponseEntity<Map> send(HttpMethod method, String path, Object body, MediaType type) {
        HttpHeaders headers = headers();
        if (type != null) {
            headers.setContentType(type);
        }
        return rest.exchange(path, method, new HttpEntity<>(body, headers), Map.class);
    }

    ResponseEntity<Map> get(String path) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers()), Map.class);
    }

    /** GET of a JSON array. */
    ResponseEntity<List> list(String path) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers()), List.class);
    }

    /** GET with one query parameter, encoded once by the template. */
    ResponseEntity<Map> get(String path, String parameter, String value) {
        return rest.exchange(path + "?" + parameter + "={value}", HttpMethod.GET, new HttpEntity<>(headers()), Map.class, value);
    }

    <T> ResponseEntity<T> get(String path, Class<T> type, HttpHeaders headers) {
        HttpHeaders all = headers();
        all.addAll(headers);
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(all), type);
    }
}
