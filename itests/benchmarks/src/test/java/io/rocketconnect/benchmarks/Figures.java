package io.rocketconnect.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Arithmetic the benchmarks share. */
final class Figures {

    private Figures() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * How fast {@code variant} was against {@code baseline}: the median over turns of baseline time
     * over variant time, each pair taken in the same turn. A pause of the JVM or the broker that falls
     * on one turn moves one pair, not the figure; a cost a variant pays in every turn moves them all.
     */
    static double pairedRatio(long[] baselineNanos, long[] variantNanos) {
        List<Double> ratios = new ArrayList<>(variantNanos.length);
        for (int turn = 0; turn < variantNanos.length; turn++) {
            ratios.add((double) baselineNanos[turn] / variantNanos[turn]);
        }
        return median(ratios);
    }
}
