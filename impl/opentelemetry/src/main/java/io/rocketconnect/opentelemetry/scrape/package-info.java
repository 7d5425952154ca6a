/** The Prometheus scrape of the connector's OpenTelemetry SDK, for the bundle that serves /metrics. */
@Export
@Version("1.0.0")
package io.rocketconnect.opentelemetry.scrape;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
