package io.rocketconnect.shell;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Command;
import org.junit.Test;

/**
 * The command ACL the feature ships (etc/org.apache.karaf.command.acl.rocketmq.cfg) names every
 * rocketmq:* command, and gives viewers exactly the ones that change nothing: a new command cannot
 * reach viewers by being forgotten in the file.
 */
public class CommandAclTest {

    /** The commands that change adapters or touch messages. */
    private static final Set<String> ADMIN_ONLY = Set.of("create", "update", "delete", "send", "consume", "dlq-resend", "reset-offset");

    @Test
    public void everyCommandHasARoleAndOnlyReadingCommandsAreOpenToViewers() throws Exception {
        Properties acl = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/cfg/org.apache.karaf.command.acl.rocketmq.cfg"))) {
            acl.load(in);
        }
        Map<String, String> expected = new TreeMap<>();
        for (String command : commandNames()) {
            expected.put(command, ADMIN_ONLY.contains(command) ? "admin" : "viewer");
        }
        Map<String, String> shipped = new TreeMap<>();
        acl.stringPropertyNames().forEach(name -> shipped.put(name, acl.getProperty(name).trim()));
        assertEquals(expected, shipped);
    }

    /** The names of the rocketmq:* commands in this module, from their @Command annotations. */
    private static Set<String> commandNames() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target/classes");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Command.class")).collect(Collectors.toList())) {
                String className = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Command command = Class.forName(className).getAnnotation(Command.class);
                if (command != null && command.scope().equals("rocketmq")) {
                    names.add(command.name());
                }
            }
        }
        return names;
    }
}
