package io.rocketconnect.impl.telemetry;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The tracer, propagator and metric instruments of one {@link OpenTelemetry}, made once when it appears.
 * Names, units and bucket boundaries are those of the OpenTelemetry messaging semantic conventions.
 */
public final class Instruments {

    static final String SCOPE = "io.rocketconnect";
    /** The histogram boundaries (seconds) the semantic conventions advise for messaging durations. */
    static final List<Double> DURATION_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    final Tracer tracer;
    final TextMapPropagator propagator;
    final DoubleHistogram operationDuration;
    final LongCounter sentMessages;
    final LongCounter consumedMessages;
    final DoubleHistogram processDuration;

    Instruments(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        Meter meter = openTelemetry.getMeter(SCOPE);
        this.operationDuration = meter.histogramBuilder("messaging.client.operation.duration")
                .setDescription("Duration of a messaging operation initiated by a producer or consumer client.")
                .setUnit("s").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.sentMessages = meter.counterBuilder("messaging.client.sent.messages")
                .setDescription("Number of messages producer attempted to send to the broker.").setUnit("{message}").build();
        this.consumedMessages = meter.counterBuilder("messaging.client.consumed.messages")
                .setDescription("Number of messages that were delivered to the application.").setUnit("{message}").build();
        this.processDuration = meter.histogramBuilder("messaging.process.duration")
                .setDescription("Duration of processing operation.")
                .setUnit("s").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    }
}
