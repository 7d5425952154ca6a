package io.rocketconnect.webconsole.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.webconsole.security.ConsoleUser;

/**
 * The console's API on an adapter with transport=grpc: the list says the transport and the Proxy
 * endpoints, the connection test asks the Proxy, and what needs the NameServer is a 409 naming the
 * transport, not an internal error. The adapter answers as the connector's gRPC adapter does.
 */
public class GrpcAdapterResourceTest {

    private static final AdapterConfiguration GRPC = new AdapterConfiguration("grpc", "io.rocketconnect.adapter~grpc", null,
            Map.of("transport", "grpc", "endpoints", "10.0.0.7:8081"), AdapterConfiguration.State.up(List.of()));
    private static final AdapterConfiguration REMOTING = new AdapterConfiguration("orders", "io.rocketconnect.adapter~orders",
            null, Map.of("namesrvAddr", "10.0.0.9:9876"), AdapterConfiguration.State.down("not started"));

    /** What the gRPC adapter answers, by method name; a RuntimeException there is thrown. */
    private final Map<String, Object> answers = new HashMap<>(Map.of("stats", List.of(), "runningClients", List.of()));

    private final RocketmqAPI grpc = (RocketmqAPI) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RocketmqAPI.class}, (proxy, method, args) -> {
                if (method.getName().equals("admin")) {
                    throw new UnsupportedOperationException("admin needs transport=remoting (the 4.x client); adapter 'grpc' "
                            + "has transport=grpc");
                }
                Object answer = answers.get(method.getName());
                if (answer instanceof RuntimeException e) {
                    throw e;
                }
                return answer;
            });

    private final RocketmqAdapters adapters = new RocketmqAdapters() {
        @Override
        public RocketmqAPI getRocketmqAPI(String modelId) {
            if (modelId.equals("grpc")) {
                return grpc;
            }
            throw new NoSuchAdapterException(modelId, Set.of("grpc"));
        }

        @Override
        public Set<String> adapterIds() {
            return Set.of("grpc");
        }

        @Override
        public void validate(Map<String, ?> configuration) {
        }
    };

    private final AdapterConfigurationService configurations = (AdapterConfigurationService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {AdapterConfigurationService.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "list":
                        return List.of(GRPC, REMOTING);
                    case "get":
                        if (args[0].equals("grpc")) {
                            return GRPC;
                        }
                        if (args[0].equals("orders")) {
                            return REMOTING;
                        }
                        throw new IllegalArgumentException("no adapter '" + args[0] + "'");
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    private final AdapterResource resource = new AdapterResource(configurations, adapters);

    @Test
    public void theListSaysEachAdaptersTransportAndAddress() {
        List<AdapterResource.AdapterRow> rows = resource.list();
        assertEquals("grpc", rows.get(0).transport());
        assertEquals("10.0.0.7:8081", rows.get(0).endpoints());
        assertNull(rows.get(0).namesrvAddr());
        assertEquals("a configuration without the key is remoting", "remoting", rows.get(1).transport());
        assertEquals("10.0.0.9:9876", rows.get(1).namesrvAddr());
    }

    @Test
    public void theConnectionTestAsksTheProxy() {
        answers.put("probe", new ProbeResult("grpc", "10.0.0.7:8081", RocketmqAPI.PROBE_TOPIC, false, Duration.ofMillis(12)));
        AdapterResource.ConnectionTest test = resource.test("grpc");
        assertEquals(new AdapterResource.ConnectionTest(true, 12, List.of(), null, "grpc", "10.0.0.7:8081"), test);

        answers.put("probe", new RocketmqException("grpc", "the Proxy at 10.0.0.7:8081 did not answer for the route of "
                + RocketmqAPI.PROBE_TOPIC + ": io.grpc.StatusRuntimeException: UNAVAILABLE", null));
        AdapterResource.ConnectionTest failed = resource.test("grpc");
        assertFalse(failed.reachable());
        assertTrue(failed.problem(), failed.problem().contains("the Proxy at 10.0.0.7:8081 did not answer"));
    }

    @Test
    public void whatNeedsTheNameServerIsAConflictNamingTheTransport() throws Exception {
        for (String path : List.of("adapters/grpc/topics", "adapters/grpc/dlq?group=readers")) {
            String[] pathAndQuery = path.split("\\?");
            Answer answer = get(pathAndQuery[0], pathAndQuery.length > 1 ? pathAndQuery[1] : null);
            assertEquals(path + ": " + answer.body, 409, answer.status);
            assertTrue(answer.body, answer.body.contains("\"error\":\"admin needs transport=remoting (the 4.x client); "
                    + "adapter 'grpc' has transport=grpc\""));
        }
    }

    private record Answer(int status, String body) {
    }

    /** A GET of the console's API by a viewer, as the servlet hands it over. */
    private Answer get(String path, String query) throws Exception {
        Subject viewer = new Subject();
        viewer.getPrincipals().add(new UserPrincipal("guest"));
        viewer.getPrincipals().add(new RolePrincipal(ConsoleUser.VIEWER));
        Map<String, String> parameters = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> ConsoleUser.SUBJECT_ATTRIBUTE.equals(args[0]) ? viewer : null;
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getMethod" -> "GET";
                    default -> null;
                });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        int[] status = {0};
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> null;
                });
        new ConsoleApi(configurations, adapters, () -> null, () -> null, () -> null, null).handle("GET", path, request, response);
        return new Answer(status[0], body.toString(UTF_8));
    }
}
