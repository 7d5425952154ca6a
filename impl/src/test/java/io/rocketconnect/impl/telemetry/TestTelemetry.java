package io.rocketconnect.impl.telemetry;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * The real OpenTelemetry SDK, sampling everything, with its in-memory span exporter and metric reader,
 * and the adapters a test made on it (closed with it).
 */
public final class TestTelemetry implements AutoCloseable {

    private final List<Adapter> adapters = new ArrayList<>();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    public OpenTelemetrySource source() {
        return OpenTelemetrySource.of(sdk);
    }

    /** An adapter on {@code namesrvAddr} that traces and measures through this SDK, with more keys and values. */
    public Adapter adapter(String namesrvAddr, String id, Object... more) {
        Map<String, Object> config = new HashMap<>(Map.of("id", id, "namesrvAddr", namesrvAddr));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        Adapter adapter = new Adapter(AdapterSettings.from(config), null, source());
        adapters.add(adapter);
        return adapter;
    }

    public Tracer tracer() {
        return sdk.getTracer("test");
    }

    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    public List<SpanData> spans(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
    }

    public List<String> spanNames() {
        return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
    }

    /** The one finished span of that name, waiting for it a little: some end on a client thread. */
    public SpanData only(String name) {
        await("one span '" + name + "' among the finished ones").atMost(Duration.ofSeconds(10))
                .until(() -> !spans(name).isEmpty());
        if (spans(name).size() != 1) {
            throw new AssertionError("one span '" + name + "' expected; finished: " + spanNames());
        }
        return spans(name).get(0);
    }

    public List<MetricData> metrics() {
        return List.copyOf(metrics.collectAllMetrics());
    }

    @Override
    public void close() {
        adapters.forEach(Adapter::close);
        sdk.close();
    }
}
