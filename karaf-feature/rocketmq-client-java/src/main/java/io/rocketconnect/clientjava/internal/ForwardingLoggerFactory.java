package io.rocketconnect.clientjava.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.rocketmq.shaded.org.slf4j.ILoggerFactory;
import org.apache.rocketmq.shaded.org.slf4j.Logger;

/**
 * The client's (shaded) logger factory: one {@link ForwardingLogger} per name, onto the real SLF4J
 * logger of the same name, so that {@code org.apache.rocketmq.client.java.*} is configured in
 * {@code etc/org.ops4j.pax.logging.cfg} under its own name.
 */
public final class ForwardingLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new ForwardingLogger(org.slf4j.LoggerFactory.getLogger(n)));
    }
}
