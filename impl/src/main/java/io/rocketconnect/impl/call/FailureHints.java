package io.rocketconnect.impl.call;

import java.net.ConnectException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingException;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.config.Transport;

/**
 * Turns the client's failures into {@link RocketmqException}s that say what the client leaves out: the
 * root cause its "Send [3] times, still failed" hides, which ACL account the broker refused, that a
 * refused address is one of the adapter's NameServers, what TLS made of a handshake, and how often a
 * busy broker was retried.
 */
public final class FailureHints {

    private static final Pattern GRPC_RESPONSE_CODE = Pattern.compile("response-code=(\\d+)");

    private final AdapterSettings settings;
    private final BrokerBusyRetry busyRetry;

    public FailureHints(AdapterSettings settings, BrokerBusyRetry busyRetry) {
        this.settings = settings;
        this.busyRetry = busyRetry;
    }

    /** The exception and, if different, its root cause. */
    public static String describe(Throwable failure) {
        Throwable root = rootCause(failure);
        return root == failure ? failure.toString() : failure + "; cause: " + root;
    }

    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The caller's exception for a failure of {@code what}. */
    public RocketmqException failure(String what, String requestId, Exception e) {
        return new RocketmqException(settings.id(), what + " failed (requestId " + requestId + "): " + describe(e) + hint(e), e);
    }

    /**
     * An unchecked exception of the client's own, for a failure it met on the wire (an unreachable
     * NameServer: IllegalStateException around a RemotingConnectException): a RocketMQ failure, not
     * misuse of the adapter.
     */
    public static boolean fromClient(RuntimeException e) {
        return !(e instanceof RocketmqException) && (e.getCause() instanceof RemotingException
                || e.getCause() instanceof MQClientException || e.getCause() instanceof MQBrokerException);
    }

    /** What the client's message leaves out, or "". */
    String hint(Throwable failure) {
        Throwable root = rootCause(failure);
        String message = String.valueOf(root.getMessage());
        if (BrokerBusyRetry.isBrokerBusy(root)) {
            return busyRetry.describeRefusal();
        }
        String tls = ClientTls.hint(failure, settings.config().useTLS(), settings.config().sendMsgTimeout());
        if (!tls.isEmpty()) {
            return tls;
        }
        String grpc = grpcHint(failure, root);
        if (!grpc.isEmpty()) {
            return grpc;
        }
        // The broker names the topic or the signature, not the accessKey, and an adapter's keys may come from @env.
        if (message.contains("AclException") || message.contains("accessKey") || isAcl2Refusal(root, message)) {
            return settings.accessKey() == null ? " (this adapter sends no accessKey; the broker has ACL on)"
                    : " (the adapter's accessKey is '" + settings.accessKey() + "')";
        }
        if (root instanceof RemotingConnectException && settings.namesrvAddr() != null) {
            for (String namesrv : settings.namesrvAddr().split(";")) {
                if (message.contains("[" + namesrv.trim() + "]")) {
                    return " (" + namesrv.trim() + " is a NameServer of this adapter: is it running?)";
                }
            }
        }
        return "";
    }

    /**
     * A 5.x broker's ACL 2.0 refuses with NO_PERMISSION and names the user, the signature or the
     * missing username, never "accessKey" (4.x's AclException does).
     */
    private static boolean isAcl2Refusal(Throwable root, String message) {
        return root instanceof MQBrokerException broker && broker.getResponseCode() == ResponseCode.NO_PERMISSION
                && (message.contains("User:") || message.contains("check signature failed")
                        || message.contains("username cannot be null"));
    }

    /**
     * What a gRPC adapter's failure leaves out: the Proxy answers with HTTP-like codes in the message
     * ({@code response-code=40100}), and a refused connection names no endpoint.
     */
    private String grpcHint(Throwable failure, Throwable root) {
        if (settings.transport() != Transport.GRPC) {
            return "";
        }
        int code = grpcResponseCode(failure);
        if (code / 100 == 401) {
            return settings.accessKey() == null ? " (the Proxy has authentication on and this adapter sends no accessKey)"
                    : " (the Proxy refused the adapter's credentials: accessKey '" + settings.accessKey() + "'; is its .secretKey right?)";
        }
        if (code / 100 == 403) {
            return " (the Proxy refused accessKey '" + settings.accessKey() + "' the permission for this: see its ACL)";
        }
        if (root instanceof ConnectException) {
            return " (the Proxy endpoints of this adapter are " + settings.endpoints() + ": is the Proxy running?)";
        }
        return "";
    }

    /**
     * The gRPC Proxy's response code in {@code failure}'s cause chain, or -1: rocketmq-client-java's
     * ClientException says it only in its message ("[request-id=..., response-code=40402] ..."), and
     * its subclasses by code are not in the client's API.
     */
    public static int grpcResponseCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClientException && t.getMessage() != null) {
                Matcher code = GRPC_RESPONSE_CODE.matcher(t.getMessage());
                if (code.find()) {
                    return Integer.parseInt(code.group(1));
                }
            }
        }
        return -1;
    }
}
