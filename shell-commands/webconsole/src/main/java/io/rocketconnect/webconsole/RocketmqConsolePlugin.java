package io.rocketconnect.webconsole;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.AbstractWebConsolePlugin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqNotifications;
import io.rocketconnect.api.RocketmqAuditLog;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.webconsole.api.ConsoleApi;
import io.rocketconnect.webconsole.security.ConsolePaths;
import io.rocketconnect.webconsole.security.CsrfTokens;

/**
 * The rocketmq page of the Felix Web Console ({@code /system/console/rocketmq}). The page is a frame
 * that the script {@code res/rocketmq.js} fills from the JSON API ({@code api/...}, see {@link ConsoleApi});
 * the charts are uPlot's, served from this bundle, so the console needs no internet access. Nothing a
 * user or broker supplied is written into the HTML here; the script puts such values in as text.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + ConsolePaths.LABEL,
    "felix.webconsole.title=RocketMQ",
    "felix.webconsole.category=RocketConnect"})
public class RocketmqConsolePlugin extends AbstractWebConsolePlugin {

    private static final long serialVersionUID = 1L;
    private static final String API = "/" + ConsolePaths.LABEL + "/api/";
    private static final String RESOURCES = "/" + ConsolePaths.LABEL + "/res/";

    private final transient CsrfTokens csrf = new CsrfTokens();
    private final transient ConsoleApi api;
    private transient volatile RocketmqAuditLog audit;
    private transient volatile RocketmqAlerts alerts;
    private transient volatile RocketmqNotifications notifications;

    /** The console's root path, as pax-web and the console make it: only these characters. */
    private static final Pattern ROOT = Pattern.compile("[A-Za-z0-9/_.~-]*");

    @Activate
    public RocketmqConsolePlugin(BundleContext context, @Reference AdapterConfigurationService configurations,
            @Reference RocketmqAdapters adapters) {
        this.api = new ConsoleApi(configurations, adapters, () -> audit, () -> alerts, () -> notifications, csrf);
        activate(context); // the console does not call it for a plugin registered as a service
    }

    @Deactivate
    @Override
    public void deactivate() {
        super.deactivate();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unsetAudit")
    void setAudit(RocketmqAuditLog log) {
        audit = log;
    }

    void unsetAudit(RocketmqAuditLog log) {
        if (audit == log) {
            audit = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unsetAlerts")
    void setAlerts(RocketmqAlerts service) {
        alerts = service;
    }

    void unsetAlerts(RocketmqAlerts service) {
        if (alerts == service) {
            alerts = null;
        }
    }

    /** There with feature rocketmq-notify. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unsetNotifications")
    void setNotifications(RocketmqNotifications service) {
        notifications = service;
    }

    void unsetNotifications(RocketmqNotifications service) {
        if (notifications == service) {
            notifications = null;
        }
    }

    @Override
    public String getLabel() {
        return ConsolePaths.LABEL;
    }

    @Override
    public String getTitle() {
        return "RocketMQ";
    }

    @Override
    protected String[] getCssReferences() {
        return new String[] {RESOURCES + "uplot/uPlot.min.css", RESOURCES + "rocketmq.css"};
    }

    /** API calls answer JSON or CSV alone; everything else is a page in the console's frame. */
    @Override
    protected boolean isHtmlRequest(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || !path.startsWith(API);
    }

    @Override
    protected void renderContent(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path != null && path.startsWith(API)) {
            api.handle("GET", path.substring(API.length()), request, response);
            return;
        }
        Object pluginRoot = request.getAttribute("felix.webconsole.pluginRoot");
        String root = pluginRoot == null ? "" : pluginRoot.toString();
        if (!ROOT.matcher(root).matches()) {
            throw new ServletException("unexpected console root path: " + root);
        }
        // Fixed text and the console's root path only: who the user is and every value come from the API.
        PrintWriter out = response.getWriter();
        out.println("<div id='rocketmq' data-root='" + root + "'>");
        out.println("<noscript>The RocketMQ page needs JavaScript.</noscript></div>");
        out.println("<script src='" + root + "/res/uplot/uPlot.iife.min.js'></script>");
        out.println("<script src='" + root + "/res/rocketmq.js'></script>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        dispatch("POST", request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        dispatch("DELETE", request, response);
    }

    private void dispatch(String method, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || !path.startsWith(API)) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        api.handle(method, path.substring(API.length()), request, response);
    }

    /**
     * The page's files, found by the console through this method's name: only below {@code res/}, so no
     * class file of the bundle is served.
     */
    public URL getResource(String path) {
        if (path == null || !path.startsWith(RESOURCES) || path.contains("..")) {
            return null;
        }
        return getClass().getResource("/res/" + path.substring(RESOURCES.length()));
    }
}
