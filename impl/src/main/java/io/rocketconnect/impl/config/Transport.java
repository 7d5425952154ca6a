package io.rocketconnect.impl.config;

import java.util.Locale;

/** How an adapter talks to RocketMQ: the {@code transport} key. */
public enum Transport {

    /** The 4.x client's protocol, through NameServers and brokers (4.x and 5.x). */
    REMOTING,
    /** RocketMQ 5's gRPC protocol, through a Proxy. */
    GRPC;

    /** The value of the {@code transport} key. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    Transport other() {
        return this == GRPC ? REMOTING : GRPC;
    }

    /** The transport of a {@code transport} value the reader has checked against the options (null: the default). */
    static Transport of(String key) {
        return key == null || key.equals(REMOTING.key()) ? REMOTING : GRPC;
    }
}
