package io.rocketconnect.testbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A RocketMQ 5 Proxy in local mode: one JVM that runs the broker of a broker.conf and serves gRPC
 * clients in front of it. This writes its proxy JSON (free ports, the NameServer, ACL 2.0 on the gRPC
 * side when the broker has accounts) and the certificate it loads even with TLS off, and knows its
 * command line and the line it prints once it serves.
 */
final class LocalModeProxy {

    static final String MAIN_CLASS = "org.apache.rocketmq.proxy.ProxyStartup";
    /** Printed on stdout once the broker, the gRPC server and the Proxy's remoting server have started. */
    static final String BOOTED = "rocketmq-proxy startup successfully";

    private final int grpcPort;
    private final Path config;

    private LocalModeProxy(int grpcPort, Path config) {
        this.grpcPort = grpcPort;
        this.config = config;
    }

    /**
     * Writes the files of a Proxy under {@code dir} whose gRPC and remoting ports are free and none of
     * {@code taken}; with {@code acl}, gRPC clients must sign with an account of the broker's.
     */
    static LocalModeProxy write(Path dir, String namesrvAddr, String clusterName, boolean acl, Set<Integer> taken) throws IOException {
        int grpcPort = FreePorts.freePortOtherThan(taken);
        int remotingPort = FreePorts.freePortOtherThan(union(taken, grpcPort));
        // Without a certificate (tlsTestModeEnable) the Proxy makes a self-signed one at every start:
        // about 2.5 s of a 2-core machine. Ours is made in this JVM; -Dtls.server.mode=disabled keeps
        // the endpoint plaintext, the certificate is only loaded.
        TestCertificates.ServerFiles tls = TestCertificates.authority("proxy-ca", dir.resolve("proxy-tls")).issueServer("proxy");
        List<String> json = new ArrayList<>(List.of(
                field("rocketMQClusterName", clusterName),
                // The auth factories cache their providers by this name (as by broker name on the broker side).
                field("proxyName", "child-proxy-" + grpcPort),
                field("namesrvAddr", namesrvAddr),
                "\"grpcServerPort\":" + grpcPort,
                "\"remotingListenPort\":" + remotingPort,
                "\"tlsTestModeEnable\":false",
                field("tlsCertPath", tls.certificate().toString()),
                field("tlsKeyPath", tls.privateKey().toString())));
        if (acl) {
            // The Proxy checks gRPC requests itself; in local mode the Proxy* metadata providers read the
            // users and ACLs of the broker in the same JVM (which imported them from plain_acl.yml).
            json.addAll(List.of("\"authenticationEnabled\":true",
                    field("authenticationProvider", "org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider"),
                    field("authenticationMetadataProvider", "org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider"),
                    "\"authorizationEnabled\":true",
                    field("authorizationProvider", "org.apache.rocketmq.auth.authorization.provider.DefaultAuthorizationProvider"),
                    field("authorizationMetadataProvider", "org.apache.rocketmq.proxy.auth.ProxyAuthorizationMetadataProvider")));
        }
        Path config = dir.resolve("rmq-proxy.json");
        Files.writeString(config, "{" + String.join(",\n", json) + "}\n");
        return new LocalModeProxy(grpcPort, config);
    }

    /** {@code 127.0.0.1:<gRPC port>}. */
    String endpoints() {
        return "127.0.0.1:" + grpcPort;
    }

    /** The arguments of {@value #MAIN_CLASS} for the broker of {@code brokerConf}. */
    List<String> arguments(Path brokerConf) {
        return List.of("-pm", "local", "-bc", brokerConf.toString(), "-pc", config.toString());
    }

    private static String field(String name, String value) {
        return "\"" + name + "\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Set<Integer> union(Set<Integer> taken, int port) {
        Set<Integer> all = new HashSet<>(taken);
        all.add(port);
        return all;
    }
}
