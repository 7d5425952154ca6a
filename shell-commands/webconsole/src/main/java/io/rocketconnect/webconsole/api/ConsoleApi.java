package io.rocketconnect.webconsole.api;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.AlertPolicy;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqNotifications;
import io.rocketconnect.api.RocketmqAuditLog;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.SlaAlert;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.ManagedAdapterException;
import io.rocketconnect.webconsole.security.ConsoleUser;
import io.rocketconnect.webconsole.security.CsrfTokens;

/**
 * The JSON API under {@code /system/console/rocketmq/api/}: routes each call to its resource, checks the
 * role (viewer reads, admin changes, sends and peeks) and the CSRF token of every state-changing call on
 * the server, and turns refusals into a JSON error with the HTTP status that fits. The README lists the
 * paths and fields. Viewers read dead letters and message tracks; resends and offset resets (their
 * previews included) are admin calls, as in the shell's command ACL.
 */
public final class ConsoleApi {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);

    private final AdapterResource adapters;
    private final MessageResource messages;
    private final OperatorResource operator;
    private final Supplier<RocketmqAuditLog> audit;
    private final Supplier<RocketmqAlerts> alerts;
    private final Supplier<RocketmqNotifications> notifications;
    private final CsrfTokens csrf;

    public ConsoleApi(AdapterConfigurationService configurations, RocketmqAdapters adapters,
            Supplier<RocketmqAuditLog> audit, Supplier<RocketmqAlerts> alerts, Supplier<RocketmqNotifications> notifications,
            CsrfTokens csrf) {
        this.adapters = new AdapterResource(configurations, adapters);
        this.messages = new MessageResource(this.adapters);
        this.operator = new OperatorResource(this.adapters);
        this.audit = audit;
        this.alerts = alerts;
        this.notifications = notifications;
        this.csrf = csrf;
    }

    record Session(String user, boolean admin, String csrfToken, String csrfHeader) {
    }

    /** {@code notifications} is empty unless feature rocketmq-notify runs. */
    record Alerts(List<SlaAlert> active, List<SlaAlert> resolved, List<AlertPolicy> policies,
            List<RocketmqNotifications.TargetStatus> notifications) {
    }

    record ErrorBody(int status, String error, List<InvalidConfigurationException.Problem> problems) {
    }

    /** Handles {@code method} on {@code path}, the part of the request path after {@code api/}. */
    public void handle(String method, String path, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        ConsoleUser user = ConsoleUser.of(http);
        ApiRequest request = new ApiRequest(method, Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList(),
                http, user);
        response.setHeader("Cache-Control", "no-store");
        try {
            if (!user.viewer()) {
                throw new ApiException(403, "the console's rocketmq page needs the viewer or admin role");
            }
            if (!method.equals("GET")) {
                requireAdmin(user, method + " " + path);
                String refusal = csrf.refusal(http, user.name());
                if (refusal != null) {
                    throw new ApiException(403, refusal);
                }
            }
            if (request.path().equals(List.of("audit.csv")) && method.equals("GET")) {
                response.setContentType("text/csv;charset=UTF-8");
                response.setHeader("Content-Disposition", "attachment; filename=\"rocketmq-audit.csv\"");
                Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
                new AuditResource(audit.get()).csv(request, out);
                out.flush();
                return;
            }
            Object result = route(request);
            response.setStatus(method.equals("POST") && request.path().size() == 1 ? 201 : 200);
            writeJson(response, result);
        } catch (ApiException e) {
            error(response, e.status(), e.getMessage(), e.problems());
        } catch (InvalidConfigurationException e) {
            error(response, 400, e.getMessage(), e.problems());
        } catch (ManagedAdapterException e) {
            error(response, 409, e.getMessage(), List.of());
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage(), List.of());
        } catch (IllegalStateException e) {
            error(response, 409, e.getMessage(), List.of());
        } catch (RocketmqException e) {
            error(response, 502, e.getMessage(), List.of());
        } catch (UnsupportedOperationException e) {
            // What the adapter's transport does not offer (a gRPC adapter has no NameServer queries): its
            // message names the transport; a conflict with the adapter's configuration, not a console bug.
            error(response, 409, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            LOG.error("Console API call {} {} failed", method, path, e);
            error(response, 500, "internal error (" + e.getClass().getSimpleName() + "); see karaf.log", List.of());
        }
    }

    private Object route(ApiRequest request) {
        String method = request.method();
        String first = request.segment(0);
        if (first == null) {
            throw ApiException.notFound("no API path; see README: /api/session, /api/adapters, ...");
        }
        int size = request.path().size();
        switch (first) {
            case "session":
                only(request, "GET", 1);
                return new Session(request.user().name(), request.user().admin(), csrf.tokenFor(request.user().name()),
                        CsrfTokens.HEADER);
            case "keys":
                only(request, "GET", 1);
                return adapters.keys();
            case "alerts":
                only(request, "GET", 1);
                RocketmqAlerts service = alerts.get();
                if (service == null) {
                    throw new ApiException(503, "the SLA alert service is not running");
                }
                RocketmqNotifications notifier = notifications.get();
                return new Alerts(service.active(), service.resolved(), service.policies(),
                        notifier == null ? List.of() : notifier.targets());
            case "audit":
                only(request, "GET", 1);
                return new AuditResource(audit.get()).page(request);
            case "adapters":
                if (size == 1) {
                    return method.equals("POST") ? adapters.create(request.body()) : get(request, adapters::list);
                }
                return adapter(request, request.segment(1));
            default:
                throw ApiException.notFound("no API path '" + String.join("/", request.path()) + "'");
        }
    }

    private Object adapter(ApiRequest request, String id) {
        String method = request.method();
        String action = request.segment(2);
        if (request.path().size() > 3) {
            throw ApiException.notFound("no API path '" + String.join("/", request.path()) + "'");
        }
        if (action == null) {
            switch (method) {
                case "GET":
                    return adapters.detail(id);
                case "POST":
                    return adapters.update(id, request.body());
                case "DELETE":
                    adapters.delete(id);
                    return Map.of("deleted", id);
                default:
                    throw methodNotAllowed(request);
            }
        }
        switch (action) {
            case "history":
                return get(request, () -> adapters.history(id));
            case "topics":
                return get(request, () -> adapters.topics(id, request.parameter("topic")));
            case "groups":
                return get(request, () -> adapters.groups(id));
            case "test":
                return post(request, () -> adapters.test(id));
            case "send":
                return post(request, () -> messages.send(id, request.body()));
            case "peek":
                requireAdmin(request.user(), "peek");
                return get(request, () -> messages.peek(id, request.parameter("topic"),
                        request.intParameter("max", 10, 1, 100)));
            case "dlq":
                return get(request, () -> operator.deadLetters(id, request.parameter("group"),
                        request.intParameter("max", 100, 1, 1000)));
            case "dlq-resend":
                return post(request, () -> operator.resend(id, request.body()));
            case "offsets":
                requireAdmin(request.user(), "offset reset");
                return request.method().equals("POST") ? operator.reset(id, request.body())
                        : get(request, () -> operator.preview(id, request.parameter("group"), request.parameter("topic"),
                                request.parameter("to")));
            case "track":
                return get(request, () -> operator.track(id, request.parameter("topic"), request.parameter("msgId")));
            default:
                throw ApiException.notFound("no API path '" + String.join("/", request.path()) + "'");
        }
    }

    private static Object get(ApiRequest request, Supplier<Object> answer) {
        if (!request.method().equals("GET")) {
            throw methodNotAllowed(request);
        }
        return answer.get();
    }

    private static Object post(ApiRequest request, Supplier<Object> answer) {
        if (!request.method().equals("POST")) {
            throw methodNotAllowed(request);
        }
        return answer.get();
    }

    private static void only(ApiRequest request, String method, int size) {
        if (request.path().size() != size) {
            throw ApiException.notFound("no API path '" + String.join("/", request.path()) + "'");
        }
        if (!request.method().equals(method)) {
            throw methodNotAllowed(request);
        }
    }

    private static ApiException methodNotAllowed(ApiRequest request) {
        return new ApiException(405, request.method() + " is not allowed on " + String.join("/", request.path()));
    }

    private static void requireAdmin(ConsoleUser user, String what) {
        if (!user.admin()) {
            throw new ApiException(403, "'" + what + "' needs the " + ConsoleUser.ADMIN + " role; user '" + user.name()
                    + "' has " + user.roles());
        }
    }

    private static void writeJson(HttpServletResponse response, Object value) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        Json.write(response.getOutputStream(), value);
    }

    private static void error(HttpServletResponse response, int status, String message,
            List<InvalidConfigurationException.Problem> problems) throws IOException {
        response.setStatus(status);
        writeJson(response, new ErrorBody(status, message, problems));
    }
}
