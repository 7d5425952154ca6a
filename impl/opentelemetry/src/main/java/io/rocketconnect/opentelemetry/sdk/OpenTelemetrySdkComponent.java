package io.rocketconnect.opentelemetry.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.OpenTelemetry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.rocketconnect.opentelemetry.scrape.MetricsScrape;

/**
 * The OpenTelemetry SDK as an {@link OpenTelemetry} service, which the connector's adapters pick up, and
 * its metrics as a {@link MetricsScrape} service for /metrics. It registers both itself, so that a bad
 * configuration yields one ERROR line naming the keys and no service; a change replaces the SDK (the
 * old one flushes what it holds and shuts down).
 */
@Component(configurationPid = OpenTelemetryConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = OpenTelemetryConfig.class)
public class OpenTelemetrySdkComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OpenTelemetrySdkComponent.class);

    private SdkFactory.Built built;
    private ServiceRegistration<OpenTelemetry> openTelemetry;
    private ServiceRegistration<MetricsScrape> scrape;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        SdkSettings settings;
        try {
            settings = SdkSettings.from(properties);
        } catch (IllegalArgumentException e) {
            LOG.error("OpenTelemetry SDK not started: {} (configuration {}.cfg)", e.getMessage(), OpenTelemetryConfig.PID);
            return;
        }
        built = SdkFactory.build(settings);
        Hashtable<String, Object> serviceProperties = new Hashtable<>(Map.of("service.name", settings.serviceName(),
                "otlp.endpoint", settings.endpoint().isEmpty() ? "(none)" : settings.endpoint()));
        openTelemetry = context.registerService(OpenTelemetry.class, built.sdk(), serviceProperties);
        scrape = context.registerService(MetricsScrape.class, new PrometheusScrape(built), serviceProperties);
        LOG.info("OpenTelemetry SDK started: {}", settings);
    }

    @Deactivate
    void deactivate() {
        if (built == null) {
            return;
        }
        scrape.unregister();
        openTelemetry.unregister();
        // Sends what the batch processor and the periodic reader still hold, within a bound.
        built.sdk().shutdown().join(10, TimeUnit.SECONDS);
        built = null;
    }

    /** The Prometheus reader's metrics in the text format (names with dots become underscores). */
    private record PrometheusScrape(SdkFactory.Built built) implements MetricsScrape {

        private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

        @Override
        public String contentType() {
            return WRITER.getContentType();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            WRITER.write(out, built.prometheus().collect(), EscapingScheme.UNDERSCORE_ESCAPING);
        }
    }
}
