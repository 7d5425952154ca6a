package io.rocketconnect.shell;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.junit.Test;

import io.rocketconnect.shell.completers.AdapterIdCompleter;
import io.rocketconnect.shell.completers.GroupCompleter;
import io.rocketconnect.shell.completers.TopicCompleter;

/**
 * Every rocketmq:* command that works through an adapter takes it as its first argument, then the
 * topic or group; each of these arguments completes with its completer. A new command that takes
 * {@code --topic} or forgets its completer fails here.
 */
public class ArgumentConsistencyTest {

    private static final Map<String, Class<?>> COMPLETERS =
            Map.of("adapter", AdapterIdCompleter.class, "topic", TopicCompleter.class, "group", GroupCompleter.class);

    @Test
    public void adapterTopicAndGroupArgumentsComeInOrderWithTheirCompleters() throws Exception {
        Map<String, String> problems = new TreeMap<>();
        for (Class<?> command : commands()) {
            String name = command.getAnnotation(Command.class).name();
            int previous = -1;
            String previousName = null;
            for (Field field : fields(command)) {
                Argument argument = field.getAnnotation(Argument.class);
                if (argument == null || !COMPLETERS.containsKey(argument.name())) {
                    continue;
                }
                Completion completion = field.getAnnotation(Completion.class);
                if (completion == null || completion.value() != COMPLETERS.get(argument.name())) {
                    problems.put(name + " " + argument.name(), "no " + COMPLETERS.get(argument.name()).getSimpleName());
                }
                if (argument.name().equals("adapter") && argument.index() != 0) {
                    problems.put(name + " adapter", "at index " + argument.index() + ", not 0");
                }
                if (!argument.name().equals("adapter") && argument.index() <= previous) {
                    problems.put(name + " " + argument.name(), "before " + previousName);
                }
                previous = Math.max(previous, argument.index());
                previousName = argument.name();
            }
        }
        assertEquals("arguments out of order or without their completer", Map.of(), problems);
    }

    /** The command's fields, its superclasses' first (the adapter argument lives in AdapterCommandSupport). */
    private static List<Field> fields(Class<?> type) {
        if (type == Object.class) {
            return List.of();
        }
        return Stream.concat(fields(type.getSuperclass()).stream(), Stream.of(type.getDeclaredFields())).toList();
    }

    private static List<Class<?>> commands() throws IOException {
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith("Command.class")).<Class<?>>map(f -> {
                String className = classes.relativize(f).toString().replace('/', '.').replace(".class", "");
                try {
                    return Class.forName(className);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(c -> c.isAnnotationPresent(Command.class) && c.getAnnotation(Command.class).scope().equals("rocketmq"))
                    .toList();
        }
    }
}
