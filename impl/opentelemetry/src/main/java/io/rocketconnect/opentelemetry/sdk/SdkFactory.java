package io.rocketconnect.opentelemetry.sdk;

import java.time.Duration;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Builds the SDK that {@link SdkSettings} describe: W3C trace context and baggage, the chosen sampler,
 * trace ids that are the caller's requestId where it has one ({@link RequestIdTraceIds}),
 * batched OTLP/HTTP export of spans and periodic export of metrics when an endpoint is set, and always a
 * Prometheus reader, which holds the metrics until a scrape collects them.
 */
final class SdkFactory {

    record Built(OpenTelemetrySdk sdk, PrometheusMetricReader prometheus) {
    }

    private SdkFactory() {
    }

    static Built build(SdkSettings settings) {
        AttributesBuilder attributes = Attributes.builder().put("service.name", settings.serviceName());
        settings.resourceAttributes().forEach(attributes::put);
        Resource resource = Resource.getDefault().merge(Resource.create(attributes.build()));

        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder().setResource(resource).setSampler(sampler(settings))
                .setIdGenerator(new RequestIdTraceIds());
        // No target_info: it comes without a HELP line, which promtool flags, and Prometheus labels
        // each target itself (job, instance); the resource still goes out over OTLP.
        PrometheusMetricReader prometheus = PrometheusMetricReader.builder().setTargetInfoMetricEnabled(false).build();
        SdkMeterProviderBuilder metrics = SdkMeterProvider.builder().setResource(resource).registerMetricReader(prometheus);
        if (!settings.endpoint().isEmpty()) {
            String base = settings.endpoint().replaceAll("/+$", "");
            OtlpHttpSpanExporterBuilder spans = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces");
            OtlpHttpMetricExporterBuilder exported = OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics");
            settings.headers().forEach((name, value) -> {
                spans.addHeader(name, value);
                exported.addHeader(name, value);
            });
            tracing.addSpanProcessor(BatchSpanProcessor.builder(spans.build()).build());
            metrics.registerMetricReader(PeriodicMetricReader.builder(exported.build())
                    .setInterval(Duration.ofSeconds(settings.exportIntervalSeconds())).build());
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setMeterProvider(metrics.build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        return new Built(sdk, prometheus);
    }

    static Sampler sampler(SdkSettings settings) {
        return switch (settings.sampler()) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(settings.ratio());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(settings.ratio()));
            default -> Sampler.parentBased(Sampler.alwaysOn());
        };
    }
}
