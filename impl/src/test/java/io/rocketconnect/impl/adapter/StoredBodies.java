package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.RocketmqAdmin;

/**
 * "Stored once", checked by identity: every message of a topic read back by its body, compared with the
 * bodies that were acknowledged. A count of offsets cannot tell a loss plus a duplicate from neither.
 */
final class StoredBodies {

    /** The broker hands out at most this many a browse. */
    private static final int PAGE = 100;

    private StoredBodies() {
    }

    /** The body of every message {@code topic} holds, over all its queues (a peek: no offset moves). */
    static List<String> of(RocketmqAdmin admin, String topic) {
        List<String> bodies = new ArrayList<>();
        for (RocketmqAdmin.QueueOffsets queue : admin.topicStatus(topic)) {
            for (long offset = queue.minOffset(); offset < queue.maxOffset(); ) {
                List<MessageExt> page = admin.browse(topic, queue.brokerName(), queue.queueId(), offset, PAGE);
                if (page.isEmpty()) {
                    throw new IllegalStateException("queue " + queue + " of " + topic + " gave nothing at offset " + offset);
                }
                page.forEach(message -> bodies.add(new String(message.getBody(), UTF_8)));
                offset = page.get(page.size() - 1).getQueueOffset() + 1;
            }
        }
        return bodies;
    }

    /**
     * What keeps {@code stored} from being each of {@code acknowledged} exactly once and nothing else:
     * the bodies missing, stored more than once, and stored but never acknowledged (the first ten of
     * each). Empty when there is nothing.
     */
    static String differences(Collection<String> acknowledged, List<String> stored) {
        Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                Collectors.counting()));
        Set<String> expected = new HashSet<>(acknowledged);
        List<String> missing = acknowledged.stream().filter(body -> !copies.containsKey(body)).sorted().toList();
        List<String> twice = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> unacknowledged = copies.keySet().stream().filter(body -> !expected.contains(body)).toList();
        StringBuilder text = new StringBuilder();
        describe(text, "missing", missing);
        describe(text, "stored more than once", twice);
        describe(text, "stored but not acknowledged", unacknowledged);
        return text.toString();
    }

    private static void describe(StringBuilder text, String what, List<String> bodies) {
        if (!bodies.isEmpty()) {
            text.append(text.length() == 0 ? "" : "; ").append(bodies.size()).append(' ').append(what).append(' ')
                    .append(bodies.subList(0, Math.min(10, bodies.size())));
        }
    }
}
