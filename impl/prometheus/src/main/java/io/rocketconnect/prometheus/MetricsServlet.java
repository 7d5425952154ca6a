package io.rocketconnect.prometheus;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rocketconnect.opentelemetry.scrape.MetricsScrape;

/**
 * {@code GET /metrics} on Karaf's HTTP service (OSGi HTTP Whiteboard): what Prometheus scrapes. It is
 * there while the OpenTelemetry SDK of rocketconnect-opentelemetry runs; other methods get 405. Like
 * Prometheus' own exporters it asks for no login: the figures hold names of adapters and topics, never a
 * message, credential or requestId.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=rocketconnect-metrics"})
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient MetricsScrape scrape;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(scrape.contentType());
        response.setHeader("Cache-Control", "no-store");
        scrape.writeTo(response.getOutputStream());
    }
}
