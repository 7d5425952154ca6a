package org.apache.rocketmq.shaded.org.slf4j.impl;

import org.apache.rocketmq.shaded.org.slf4j.ILoggerFactory;
import org.apache.rocketmq.shaded.org.slf4j.spi.LoggerFactoryBinder;

import io.rocketconnect.clientjava.internal.ForwardingLoggerFactory;

/**
 * The binding the client's shaded SLF4J looks for, by this exact class name: rocketmq-client-java 5.0.8
 * relocates slf4j-api 1.7.30 under {@code org.apache.rocketmq.shaded}, and 1.7 binds by loading
 * {@code <its package>.impl.StaticLoggerBinder}, not by ServiceLoader. The jar ships none (its shaded
 * logback 1.3 only offers a 2.x service provider, which 1.7 never reads), so without this class the
 * client logs nothing at all. Ours hands every shaded logger to the real SLF4J, i.e. pax-logging.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {

    /**
     * Checked by the shaded {@code LoggerFactory} against the API versions it accepts (1.6, 1.7). Not
     * final, so that the compiler does not copy the value into callers, as SLF4J's own bindings do.
     */
    public static String REQUESTED_API_VERSION = "1.7.30";

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    private final ILoggerFactory loggerFactory = new ForwardingLoggerFactory();

    private StaticLoggerBinder() {
    }

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return ForwardingLoggerFactory.class.getName();
    }
}
