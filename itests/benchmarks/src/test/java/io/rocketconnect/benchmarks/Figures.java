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
}
