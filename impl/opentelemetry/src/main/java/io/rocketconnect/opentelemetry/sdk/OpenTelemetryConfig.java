package io.rocketconnect.opentelemetry.sdk;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** {@code etc/io.rocketconnect.opentelemetry.cfg}: where traces and metrics go, and what is sampled. */
@ObjectClassDefinition(name = "RocketConnect OpenTelemetry SDK",
        description = "The OpenTelemetry SDK that adapters with tracing.enabled or metrics.enabled report through")
public @interface OpenTelemetryConfig {

    String PID = "io.rocketconnect.opentelemetry";

    @AttributeDefinition(name = "OTLP endpoint",
            description = "Base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector, Jaeger, Tempo...), e.g. "
                    + "http://localhost:4318; traces go to /v1/traces and metrics to /v1/metrics. Empty: nothing is sent.",
            required = false)
    String otlp_endpoint() default "";

    @AttributeDefinition(name = "OTLP headers",
            description = "Headers for the OTLP receiver, name=value separated by commas (e.g. an API key as "
                    + "${env:OTLP_API_KEY}). Private: never shown or logged.", required = false)
    String _otlp_headers() default "";

    @AttributeDefinition(name = "Sampler", description = "Which traces are recorded.", options = {
            @Option(value = "parentbased_always_on", label = "as the parent says, else all"),
            @Option(value = "parentbased_always_off", label = "as the parent says, else none"),
            @Option(value = "parentbased_traceidratio", label = "as the parent says, else sampler.ratio of them"),
            @Option(value = "always_on", label = "all"),
            @Option(value = "always_off", label = "none"),
            @Option(value = "traceidratio", label = "sampler.ratio of them")})
    String sampler() default "parentbased_always_on";

    @AttributeDefinition(name = "Sampling ratio", description = "For the traceidratio samplers: 0.0 to 1.0.")
    double sampler_ratio() default 1.0;

    @AttributeDefinition(name = "Service name", description = "The service.name resource attribute.")
    String service_name() default "rocketconnect";

    @AttributeDefinition(name = "Resource attributes",
            description = "More resource attributes, name=value separated by commas "
                    + "(e.g. deployment.environment.name=prod,service.namespace=orders).", required = false)
    String resource_attributes() default "";

    @AttributeDefinition(name = "Metric export interval", description = "Seconds between OTLP metric exports, 1..3600.")
    int metrics_exportIntervalSeconds() default 60;
}
