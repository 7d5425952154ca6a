package io.rocketconnect.impl.adapter;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The threads a test can hold the connector to: live ones, less the in-process broker's (its pools
 * grow while it serves) and the JVM's shared pools that awaitility and CompletableFuture use.
 */
final class ClientThreads {

    private ClientThreads() {
    }

    static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !EmbeddedRocketmq.isServerThread(t))
                .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool") && !t.getName().startsWith("awaitility"))
                .collect(Collectors.toSet());
    }

    /** Names of the threads alive now that were not in {@code before}, sorted. */
    static List<String> startedSince(Set<Thread> before) {
        return live().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
