package io.rocketconnect.shell.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.rocketconnect.api.RocketmqAdapters;

/** Completes the ids of the adapters that are up. */
@Service
public class AdapterIdCompleter implements Completer {

    @Reference
    private RocketmqAdapters adapters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(adapters.adapterIds()).complete(session, commandLine, candidates);
    }
}
