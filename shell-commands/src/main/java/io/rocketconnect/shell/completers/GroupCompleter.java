package io.rocketconnect.shell.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.rocketconnect.api.RocketmqAdapters;

/** Completes the consumer groups the adapter's brokers know (each has a %RETRY% topic). */
@Service
public class GroupCompleter implements Completer {

    @Reference
    RocketmqAdapters adapters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(TopicCompleter.Names.of(adapters, commandLine, true)).complete(session, commandLine, candidates);
    }
}
