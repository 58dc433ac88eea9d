package dev.modelyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** One HTTP/1.1 client for the app on its random loopback port, signing every request with HTTP Basic up front. */
final class BenchHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final okhttp3.OkHttpClient OK_HTTP = new okhttp3.OkHttpClient.Builder()
            .readTimeout(Duration.ofMinutes(5)).build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    BenchHttp(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .timeout(Duration.ofMinutes(30));
    }

    /** A JSON answer as a map; throws unless the status is the expected one. */
    @SuppressWarnings("unchecked")
    Map<String, Object> json(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> postJson(String path, Object body, int expectedStatus) {
        try {
            return json(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), expectedStatus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> get(String path) {
        return json(request(path).GET().build(), 200);
    }

    int status(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Reads a GET answer to its end through a 64 KB buffer, keeping nothing; returns the bytes read. */
    long drain(String path) {
        HttpResponse<InputStream> response = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(in.readNBytes(2000), StandardCharsets.UTF_8));
            }
            return drain(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads any URL (no credentials) to its end with the same OkHttp client as {@link #download}. */
    static long downloadUrl(String url) {
        try (okhttp3.Response response = OK_HTTP.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.code());
            }
            return drain(response.body().byteStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a GET answer to its end with OkHttp, the HTTP client inside the MinIO SDK, so a download through
     * Modelyard and the SDK's own GET are read by the same client code.
     */
    long download(String path) {
        okhttp3.Request request = new okhttp3.Request.Builder().url(base + path).header("Authorization", authorization)
                .build();
        try (okhttp3.Response response = OK_HTTP.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.code());
            }
            return drain(response.body().byteStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
        }
        return total;
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
