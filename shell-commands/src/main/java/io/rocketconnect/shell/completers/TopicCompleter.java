package io.rocketconnect.shell.completers;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.rocketconnect.api.RocketmqAdapters;

/** Completes the topics of the adapter named earlier on the command line (none if it is not up). */
@Service
public class TopicCompleter implements Completer {

    @Reference
    RocketmqAdapters adapters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(Names.of(adapters, commandLine, false)).complete(session, commandLine, candidates);
    }

    /** Topic and group names from the adapter's NameServer; a consumer group shows as its %RETRY% topic. */
    static final class Names {

        private Names() {
        }

        static List<String> of(RocketmqAdapters adapters, CommandLine commandLine, boolean groups) {
            String adapterId = adapterArgument(commandLine);
            if (adapterId == null || !adapters.adapterIds().contains(adapterId)) {
                return List.of();
            }
            try {
                return adapters.getRocketmqAPI(adapterId).admin().topics().stream()
                        .filter(topic -> groups == topic.startsWith("%RETRY%"))
                        .map(topic -> groups ? topic.substring("%RETRY%".length()) : topic)
                        .filter(name -> groups || !name.startsWith("%"))
                        .collect(Collectors.toList());
            } catch (RuntimeException unreachable) {
                return List.of(); // completion must not fail the line being typed
            }
        }

        /** The first argument after the command that is not an option (or an option's value). */
        static String adapterArgument(CommandLine commandLine) {
            String[] words = commandLine.getArguments();
            for (int i = 1; i < commandLine.getCursorArgumentIndex() && i < words.length; i++) {
                if (words[i].startsWith("-")) {
                    i++; // skip the option's value
                    continue;
                }
                return words[i];
            }
            return null;
        }
    }
}
