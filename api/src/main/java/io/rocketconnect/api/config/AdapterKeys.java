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
    /** {@code host:port[;host:port...]}, required. */
    public static final String NAMESRV_ADDR = "namesrvAddr";
    /** The app the adapter belongs to. */
    public static final String APP_ID = "app.id";
    /** {@code true}: the adapter belongs to its app's deployment, and tools refuse to change or delete it. */
    public static final String MANAGED = "managed";
    /** The ACL secret; the leading dot keeps it out of service properties. */
    public static final String SECRET_KEY = ".secretKey";

    private AdapterKeys() {
    }
}
