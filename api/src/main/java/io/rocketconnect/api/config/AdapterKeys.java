package io.rocketconnect.api.config;

/**
 * The names front ends need to write an adapter configuration. Every key, with its type, default and
 * range, is in {@link AdapterConfigurationService#keys()}; these are only the ones code refers to.
 */
public final class AdapterKeys {

    /** The factory PID of adapter configurations: {@code etc/io.rocketconnect.adapter-<id>.cfg}. */
    public static final String FACTORY_PID = "io.rocketconnect.adapter";
    /** The model id; defaults to the {@code <id>} of the file name. */
    public static final String ID = "id";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    /** {@code host:port[;host:port...]} of the NameServers, required with transport {@code remoting}. */
    public static final String NAMESRV_ADDR = "namesrvAddr";
    /**
     * How the adapter talks to RocketMQ: {@value #TRANSPORT_REMOTING} (the default) or {@value #TRANSPORT_GRPC}.
     *
     * @since 1.1
     */
    public static final String TRANSPORT = "transport";
    /** @since 1.1 */
    public static final String TRANSPORT_REMOTING = "remoting";
    /** @since 1.1 */
    public static final String TRANSPORT_GRPC = "grpc";
    /**
     * {@code host:port[;host:port...]} of a RocketMQ 5 Proxy, required with transport {@code grpc}.
     *
     * @since 1.1
     */
    public static final String ENDPOINTS = "endpoints";
    /** The app the adapter belongs to. */
    public static final String APP_ID = "app.id";
    /** {@code true}: the adapter belongs to its app's deployment, and tools refuse to change or delete it. */
    public static final String MANAGED = "managed";
    /** The ACL secret; the leading dot keeps it out of service properties. */
    public static final String SECRET_KEY = ".secretKey";

    private AdapterKeys() {
    }
}
