package io.rocketconnect.opentelemetry.scrape;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The metrics of the OpenTelemetry service that rocketconnect-opentelemetry registers, in the
 * Prometheus text format: what a {@code /metrics} endpoint writes for each scrape.
 */
public interface MetricsScrape {

    /** The Content-Type of what {@link #writeTo} writes. */
    String contentType();

    /** Collects the metrics now and writes them in the Prometheus text format. */
    void writeTo(OutputStream out) throws IOException;
}
