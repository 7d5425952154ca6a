package io.rocketconnect.itests.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console's JSON API as a script calls it: HTTP Basic, and the CSRF token from api/session on changes. */
final class ConsoleHttp {

    private static final String API = "/system/console/rocketmq/api";
    private static final Pattern TOKEN = Pattern.compile("\"csrfToken\":\"([0-9a-f]+)\"");

    record Answer(int statusCode, String body) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    ConsoleHttp(String base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(API + path).GET());
    }

    /** A console page outside the API, e.g. {@code /system/console/bundles}. */
    Answer page(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(API + path).header("X-RocketConnect-CSRF", token()).POST(body(json)));
    }

    Answer postWithoutToken(String path, String json) throws IOException, InterruptedException {
        return send(request(API + path).POST(body(json)));
    }

    Answer postFrom(String origin, String path, String json) throws IOException, InterruptedException {
        return send(request(API + path).header("X-RocketConnect-CSRF", token()).header("Origin", origin).POST(body(json)));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(API + path).header("X-RocketConnect-CSRF", token()).DELETE());
    }

    private String token() throws IOException, InterruptedException {
        Answer session = get("/session");
        Matcher token = TOKEN.matcher(session.body());
        if (!token.find()) {
            throw new IllegalStateException("no token in api/session: " + session);
        }
        return token.group(1);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, UTF_8);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        return new Answer(response.statusCode(), response.body());
    }
}
