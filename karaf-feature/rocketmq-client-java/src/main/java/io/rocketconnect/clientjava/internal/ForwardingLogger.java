package io.rocketconnect.clientjava.internal;

import org.apache.rocketmq.shaded.org.slf4j.helpers.MarkerIgnoringBase;

/**
 * A shaded SLF4J logger that passes every call, unformatted, to a real {@link org.slf4j.Logger}: the
 * real backend formats the message and finds a trailing throwable, as it does for any other bundle.
 * Markers are dropped ({@link MarkerIgnoringBase}): the client uses none, and a shaded marker means
 * nothing to the real SLF4J.
 */
final class ForwardingLogger extends MarkerIgnoringBase {

    private static final long serialVersionUID = 1L;

    private final transient org.slf4j.Logger target;

    ForwardingLogger(org.slf4j.Logger target) {
        this.target = target;
        this.name = target.getName();
    }

    @Override public boolean isTraceEnabled() { return target.isTraceEnabled(); }
    @Override public void trace(String msg) { target.trace(msg); }
    @Override public void trace(String format, Object arg) { target.trace(format, arg); }
    @Override public void trace(String format, Object arg1, Object arg2) { target.trace(format, arg1, arg2); }
    @Override public void trace(String format, Object... arguments) { target.trace(format, arguments); }
    @Override public void trace(String msg, Throwable t) { target.trace(msg, t); }

    @Override public boolean isDebugEnabled() { return target.isDebugEnabled(); }
    @Override public void debug(String msg) { target.debug(msg); }
    @Override public void debug(String format, Object arg) { target.debug(format, arg); }
    @Override public void debug(String format, Object arg1, Object arg2) { target.debug(format, arg1, arg2); }
    @Override public void debug(String format, Object... arguments) { target.debug(format, arguments); }
    @Override public void debug(String msg, Throwable t) { target.debug(msg, t); }

    @Override public boolean isInfoEnabled() { return target.isInfoEnabled(); }
    @Override public void info(String msg) { target.info(msg); }
    @Override public void info(String format, Object arg) { target.info(format, arg); }
    @Override public void info(String format, Object arg1, Object arg2) { target.info(format, arg1, arg2); }
    @Override public void info(String format, Object... arguments) { target.info(format, arguments); }
    @Override public void info(String msg, Throwable t) { target.info(msg, t); }

    @Override public boolean isWarnEnabled() { return target.isWarnEnabled(); }
    @Override public void warn(String msg) { target.warn(msg); }
    @Override public void warn(String format, Object arg) { target.warn(format, arg); }
    @Override public void warn(String format, Object arg1, Object arg2) { target.warn(format, arg1, arg2); }
    @Override public void warn(String format, Object... arguments) { target.warn(format, arguments); }
    @Override public void warn(String msg, Throwable t) { target.warn(msg, t); }

    @Override public boolean isErrorEnabled() { return target.isErrorEnabled(); }
    @Override public void error(String msg) { target.error(msg); }
    @Override public void error(String format, Object arg) { target.error(format, arg); }
    @Override public void error(String format, Object arg1, Object arg2) { target.error(format, arg1, arg2); }
    @Override public void error(String format, Object... arguments) { target.error(format, arguments); }
    @Override public void error(String msg, Throwable t) { target.error(msg, t); }
}
