package io.rocketconnect.impl.monitoring;

import java.util.List;

/**
 * One adapter's SLA figures over JMX, as {@code io.rocketconnect:type=Adapter,name=<id>}: one row per
 * operation and window (last minute, since start). Public because JMX reads it by reflection.
 */
public interface AdapterStatsMXBean {

    String getAdapterId();

    boolean isUp();

    List<String> getRunningClients();

    List<Row> getOperations();

    /** One operation in one window; getters so that JMX maps it to open data. */
    final class Row {
        private final String operation;
        private final String window;
        private final long calls;
        private final long errors;
        private final double p50Millis;
        private final double p95Millis;
        private final double p99Millis;
        private final double maxMillis;

        public Row(String operation, String window, io.rocketconnect.api.OperationStats.Figures figures) {
            this.operation = operation;
            this.window = window;
            this.calls = figures.calls();
            this.errors = figures.errors();
            this.p50Millis = figures.p50Millis();
            this.p95Millis = figures.p95Millis();
            this.p99Millis = figures.p99Millis();
            this.maxMillis = figures.maxMillis();
        }

        public String getOperation() {
            return operation;
        }

        public String getWindow() {
            return window;
        }

        public long getCalls() {
            return calls;
        }

        public long getErrors() {
            return errors;
        }

        public double getP50Millis() {
            return p50Millis;
        }

        public double getP95Millis() {
            return p95Millis;
        }

        public double getP99Millis() {
            return p99Millis;
        }

        public double getMaxMillis() {
            return maxMillis;
        }
    }
}
