package io.rocketconnect.impl.call;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;

import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.exception.RemotingTooMuchRequestException;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an adapter with {@code useTLS} depends on and cannot set itself: RocketMQ 4.x reads how a
 * client checks the broker's certificate from JVM-wide settings ({@code tls.test.mode.enable},
 * {@code tls.client.authServer}, {@code tls.client.trustCertPath}, as system properties or in the
 * file {@code tls.config.file} names), when a client starts. This says when those leave the
 * certificate unchecked, and what a failed TLS connection means, in the adapter's words.
 */
public final class ClientTls {

    private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);

    private ClientTls() {
    }

    /** True when clients of this JVM accept any certificate a broker shows, as RocketMQ does by default. */
    static boolean acceptsAnyCertificate() {
        return TlsSystemConfig.tlsTestModeEnable || !TlsSystemConfig.tlsClientAuthServer;
    }

    /** Warns, once a client of a TLS adapter has started (and read the settings), if nothing checks the broker. */
    public static void warnIfUnchecked(String adapterId) {
        if (acceptsAnyCertificate()) {
            LOG.warn("Adapter '{}' talks TLS but does not check the brokers' certificates (this JVM has {}={}, {}={}): "
                    + "traffic is encrypted, yet anyone in between can pose as the broker. Set {}=false, {}=true and {} "
                    + "(the CA's PEM file) in etc/system.properties", adapterId,
                    TlsSystemConfig.TLS_TEST_MODE_ENABLE, TlsSystemConfig.tlsTestModeEnable,
                    TlsSystemConfig.TLS_CLIENT_AUTHSERVER, TlsSystemConfig.tlsClientAuthServer,
                    TlsSystemConfig.TLS_TEST_MODE_ENABLE, TlsSystemConfig.TLS_CLIENT_AUTHSERVER,
                    TlsSystemConfig.TLS_CLIENT_TRUSTCERTPATH);
        }
    }

    /**
     * What the client leaves out of a failure that TLS may explain, or "". A failed handshake reaches
     * the caller in one of three ways, depending on whether the write or the handshake failed first:
     * with the certification-path error (this JVM did not trust the broker), with the alert the broker
     * sent (it refused this JVM's client certificate), or with no reason at all (the client only logs
     * it). For an adapter without TLS, a timeout may be a broker that takes TLS only.
     */
    static String hint(Throwable failure, boolean useTLS, int sendMsgTimeoutMillis) {
        boolean timedOut = false;
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException
                    || cause instanceof CertificateException) {
                return " (TLS handshake failed: the broker's certificate is not trusted by this JVM's " + trustCertPath() + ")";
            }
            if (cause instanceof SSLException && String.valueOf(cause.getMessage()).contains("Received fatal alert")) {
                return " (TLS handshake failed: the broker refused it with '" + cause.getMessage() + "'; a broker that"
                        + " requires client certificates takes only those its CA signed, and this JVM has " + clientCertPath() + ")";
            }
            timedOut |= cause instanceof RemotingTimeoutException
                    || cause instanceof RemotingTooMuchRequestException && String.valueOf(cause.getMessage()).contains("timeout");
            root = cause;
        }
        // The request never left: the channel closed under it with no reason given. A TLS alert from the
        // broker is logged by the client's netty pipeline and not passed on.
        if (useTLS && root instanceof RemotingSendRequestException) {
            return " (the connection closed before the request went out: with TLS, that is how a failed handshake shows."
                    + handshakeCauses() + ")";
        }
        // Or the request was queued behind the handshake, the broker refused the handshake and closed the
        // channel, and the request waited out its time (seen under load in MutualTlsTest).
        if (useTLS && timedOut) {
            return " (no answer within sendMsgTimeout=" + sendMsgTimeoutMillis + " ms. With TLS, a failed handshake"
                    + " can show this way." + handshakeCauses() + ". Or the broker is overloaded)";
        }
        if (!useTLS && timedOut) {
            return " (no answer within sendMsgTimeout=" + sendMsgTimeoutMillis
                    + " ms: the broker may be overloaded, or take TLS connections only; this adapter has useTLS=false)";
        }
        return "";
    }

    /** The two reasons a handshake fails, with the settings to check and where the alert is logged. */
    private static String handshakeCauses() {
        return " Either this JVM does not trust the broker's certificate (" + trustCertPath() + "), or the broker"
                + " refused this JVM's client certificate (" + clientCertPath() + "); the client's log names the TLS alert";
    }

    private static String trustCertPath() {
        return TlsSystemConfig.TLS_CLIENT_TRUSTCERTPATH + "=" + TlsSystemConfig.tlsClientTrustCertPath;
    }

    private static String clientCertPath() {
        return TlsSystemConfig.TLS_CLIENT_CERTPATH + "=" + TlsSystemConfig.tlsClientCertPath;
    }
}
