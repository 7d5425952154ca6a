package io.rocketconnect.impl.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.context.Scope;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.OperationHistory;
import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.monitoring.AuditLog;
import io.rocketconnect.impl.monitoring.FileLog;
import io.rocketconnect.impl.monitoring.SlaMetrics;
import io.rocketconnect.impl.telemetry.AdapterTelemetry;
import io.rocketconnect.impl.telemetry.ProducerSpan;

/**
 * What every call of an adapter goes through: its requestId, the drain lock that lets {@link #close}
 * wait for the calls under way, the mapping of the client's failures ({@link FailureHints}), the span
 * of a sending call, and the record of the call in the SLA figures, the OpenTelemetry metrics, the
 * request file log and the audit log, each where the adapter has it on.
 */
public final class CallPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CallPipeline.class);

    /** Work done inside a call, given the call's requestId: may throw anything the client throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(String requestId) throws Exception;
    }

    private final String adapterId;
    private final SlaMetrics sla;
    /** Null unless filelog.enabled. */
    private final FileLog fileLog;
    private final int bodyLimit;
    /** Null unless audit.enabled. */
    private final AuditLog audit;
    private final FailureHints hints;
    private final AdapterTelemetry telemetry;
    /** Calls hold the read lock; close() takes the write lock, so it waits for calls under way. */
    private final ReadWriteLock calls = new ReentrantReadWriteLock();
    private volatile boolean closed;

    public CallPipeline(AdapterSettings settings, AuditLog auditLog, FailureHints hints, AdapterTelemetry telemetry) {
        this.adapterId = settings.id();
        this.sla = settings.config().sla_enabled() ? SlaMetrics.enabled() : SlaMetrics.DISABLED;
        this.fileLog = settings.config().filelog_enabled() ? new FileLog() : null;
        this.bodyLimit = settings.config().filelog_bodyLimit();
        this.audit = settings.config().audit_enabled() ? auditLog : null;
        this.hints = hints;
        this.telemetry = telemetry;
    }

    public AdapterTelemetry telemetry() {
        return telemetry;
    }

    /**
     * Runs one call under its requestId, then records it. {@code operation} null records nothing (the
     * caller records the call itself, as sendAsync does when the broker answers); {@code target} is the
     * topic or group the audit shows; {@code what} names the call in errors; {@code message}, if given,
     * is what the file log shows. A sending call runs in its PRODUCER span when the adapter traces, and
     * its requestId is then the span's trace id.
     */
    public <T> T call(String operation, String target, String what, RocketmqMessage message, Work<T> work) {
        return call(operation, target, what, message, 1, work);
    }

    /** As {@link #call(String, String, String, RocketmqMessage, Work)}, for a call that sends {@code messages}. */
    public <T> T call(String operation, String target, String what, RocketmqMessage message, int messages, Work<T> work) {
        long started = System.nanoTime();
        boolean failed = true;
        Object outcome = null;
        ProducerSpan span = telemetry.startProducer(operation, target, message);
        try (Scope current = span.makeCurrent(); RequestIdScope requestId = enter(span)) {
            // Refused at once while close() waits for the calls under way: a reader arriving behind the
            // waiting writer would otherwise block until the grace period ends.
            checkOpen();
            calls.readLock().lock();
            try {
                checkOpen();
                T result = work.run(requestId.id());
                failed = false;
                outcome = result;
                return result;
            } catch (RuntimeException e) {
                RuntimeException thrown = FailureHints.fromClient(e) ? hints.failure(what, requestId.id(), e) : e;
                outcome = thrown;
                throw thrown;
            } catch (InterruptedException e) {
                outcome = e;
                Thread.currentThread().interrupt();
                throw new RocketmqException(adapterId, what + " interrupted (requestId " + requestId.id() + ")", e);
            } catch (Exception e) {
                outcome = e;
                throw hints.failure(what, requestId.id(), e);
            } finally {
                calls.readLock().unlock();
                span.end(outcome, errorType(outcome, failed));
                if (operation != null) {
                    observe(operation, target, what, message, messages, outcome, failed, System.nanoTime() - started,
                            requestId.id(), caller());
                }
            }
        }
    }

    /**
     * What a failed call's span, metrics and audit row name as its error: the root cause's class
     * (RocketmqException alone says little); null if it did not fail with an exception.
     */
    public static String errorType(Object outcome, boolean failed) {
        return failed && outcome instanceof Throwable t ? FailureHints.rootCause(t).getClass().getName() : null;
    }

    /** The call's requestId: the trace id of its span if it has one, else the caller's or a new one. */
    public static RequestIdScope enter(ProducerSpan span) {
        String traceId = span.traceId();
        return traceId != null ? RequestIdScope.enter(traceId) : RequestIdScope.enter();
    }

    /**
     * The calling bundle, for the audit row: null when the adapter does not audit, since only the audit
     * shows it and the thread-local lookup is one of the few cache misses left on a send's path.
     */
    public String caller() {
        return audit != null ? CallingBundle.current() : null;
    }

    /**
     * Records a finished call in the SLA figures and the OpenTelemetry metrics ({@code messages} sent, for a
     * send), and in the file and audit logs if they are on.
     */
    public void observe(String operation, String target, String what, RocketmqMessage message, int messages,
            Object outcome, boolean failed, long nanos, String requestId, String caller) {
        sla.record(operation, nanos, failed);
        String errorType = errorType(outcome, failed);
        telemetry.recordCall(operation, target, nanos, failed && errorType == null ? "unknown" : errorType, messages);
        if (fileLog != null) {
            Object request = message != null ? message : what;
            fileLog.log(requestId, () -> RequestLogLine.format(adapterId, operation, request, outcome, failed, nanos, bodyLimit));
        }
        if (audit != null) {
            audit.offer(new AuditRecord(Instant.now().minusNanos(nanos), requestId, adapterId, operation, target, caller,
                    failed ? AuditRecord.ERROR : AuditRecord.OK,
                    errorType,
                    TimeUnit.NANOSECONDS.toMicros(nanos)));
        }
    }

    /**
     * Refuses new calls, lets the ones under way finish (up to {@code graceSeconds}), runs
     * {@code stopClients} and closes the file log.
     */
    public void close(long graceSeconds, Runnable stopClients) {
        closed = true;
        boolean drained = false;
        try {
            drained = calls.writeLock().tryLock(graceSeconds, TimeUnit.SECONDS);
            if (!drained) {
                LOG.warn("Adapter '{}': calls still running after {} s; stopping its clients under them", adapterId, graceSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stopClients.run();
        } finally {
            if (drained) {
                calls.writeLock().unlock();
            }
        }
        if (fileLog != null) {
            fileLog.close();
        }
    }

    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Adapter '" + adapterId
                    + "' is closed (its configuration was changed or deleted); look the adapter up again");
        }
    }

    public List<OperationStats> stats() {
        return sla.snapshot();
    }

    public List<OperationHistory> history() {
        return sla.history();
    }

    public Figures slaWindow(Duration window, String operation) {
        return sla.window(window, operation);
    }
}
