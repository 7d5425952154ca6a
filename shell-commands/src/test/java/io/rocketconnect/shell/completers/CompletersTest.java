package io.rocketconnect.shell.completers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.Test;

import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.shell.TestAdapters;

public class CompletersTest {

    private RocketmqAdmin admin;

    @Test
    public void completersOfferTheTopicsAndGroupsOfTheAdapterOnTheLine() {
        admin = TestAdapters.admin(Map.of("topics", new TreeSet<>(List.of("OrderEvents", "Payments", "%RETRY%audit", "%DLQ%audit"))));
        TopicCompleter topics = new TopicCompleter();
        topics.adapters = TestAdapters.answering(() -> admin);
        List<String> candidates = new ArrayList<>();
        topics.complete(null, line("rocketmq:topic-status", "orders", ""), candidates);
        assertEquals(List.of("OrderEvents", "Payments"), trimmed(candidates));

        GroupCompleter groups = new GroupCompleter();
        groups.adapters = TestAdapters.answering(() -> admin);
        candidates.clear();
        groups.complete(null, line("rocketmq:consumer-progress", "orders", ""), candidates);
        assertEquals(List.of("audit"), trimmed(candidates));

        candidates.clear();
        topics.complete(null, line("rocketmq:topic-status", "unknown", ""), candidates);
        assertFalse("nothing for an adapter that is not up", candidates.stream().anyMatch(c -> c.trim().equals("OrderEvents")));
    }

    private static List<String> trimmed(List<String> candidates) {
        List<String> result = new ArrayList<>();
        candidates.forEach(c -> result.add(c.trim()));
        result.sort(null);
        return result;
    }

    /** A command line whose cursor is on its last word. */
    private static CommandLine line(String... words) {
        return (CommandLine) Proxy.newProxyInstance(CompletersTest.class.getClassLoader(), new Class<?>[] {CommandLine.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getArguments": return words;
                        case "getCursorArgumentIndex": return words.length - 1;
                        case "getCursorArgument": return words[words.length - 1];
                        case "getArgumentPosition": return 0;
                        case "getCursorPosition": return 0;
                        case "getBuffer": return String.join(" ", words);
                        case "getBufferPosition": return String.join(" ", words).length();
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
