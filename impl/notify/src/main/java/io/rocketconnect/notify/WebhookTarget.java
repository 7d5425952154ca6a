package io.rocketconnect.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An HTTP POST of the {@link AlertNotice} as JSON ({@link #body}); any answer but 2xx is a failed attempt.
 */
final class WebhookTarget implements Target {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetSettings settings;
    private final HttpClient http;

    WebhookTarget(TargetSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(settings.timeoutSeconds())).build();
    }

    @Override
    public TargetSettings settings() {
        return settings;
    }

    @Override
    public void deliver(AlertNotice notice) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(Duration.ofSeconds(settings.timeoutSeconds()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(notice))));
        if (settings.headerName() != null) {
            request.header(settings.headerName(), settings.headerValue());
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + response.statusCode());
        }
    }

    /** The documented body (README, Notifications): times in ISO-8601, resolvedAt null while active. */
    static Map<String, Object> body(AlertNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", notice.event());
        body.put("policy", notice.policy());
        body.put("adapterId", notice.adapterId());
        body.put("metric", notice.metric());
        body.put("value", notice.value());
        body.put("threshold", notice.threshold());
        body.put("windowSeconds", notice.windowSeconds());
        body.put("raisedAt", notice.raisedAt().toString());
        body.put("resolvedAt", notice.resolvedAt() == null ? null : notice.resolvedAt().toString());
        body.put("summary", notice.summary());
        return body;
    }
}
