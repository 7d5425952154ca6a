package io.rocketconnect.shell;

import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAuditLog;
import io.rocketconnect.api.RocketmqAuditLog.AuditCounts;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

@Service
@Command(scope = "rocketmq", name = "stats",
        description = "Shows calls, errors and latency per adapter and operation, over the last minute and since start")
public class StatsCommand implements Action {

    @Argument(index = 0, name = "id", description = "Only this adapter (default: every adapter that is up)")
    @Completion(AdapterIdCompleter.class)
    String id;

    @Reference
    RocketmqAdapters adapters;

    @Reference(optional = true)
    RocketmqAuditLog audit;

    @Override
    public Object execute() {
        List<String> ids = id != null ? List.of(id) : List.copyOf(adapters.adapterIds());
        ShellTable table = new ShellTable();
        for (String column : List.of("Adapter", "Operation", "Window", "Calls", "Errors", "p50 ms", "p95 ms", "p99 ms", "max ms")) {
            table.column(column);
        }
        for (String adapterId : ids) {
            for (OperationStats stats : adapters.getRocketmqAPI(adapterId).stats()) {
                row(table, adapterId, stats.operation(), "1 min", stats.lastMinute());
                row(table, adapterId, stats.operation(), "total", stats.sinceStart());
            }
        }
        table.print(System.out);
        if (audit != null) {
            for (String adapterId : ids) {
                AuditCounts counts = audit.counts(adapterId);
                if (counts.written() + counts.dropped() + counts.waiting() > 0) {
                    System.out.printf(Locale.ROOT, "Audit log of %s: %d written, %d dropped, %d waiting%n", adapterId,
                            counts.written(), counts.dropped(), counts.waiting());
                }
            }
        }
        return null;
    }

    private static void row(ShellTable table, String adapterId, String operation, String window, Figures figures) {
        table.addRow().addContent(adapterId, operation, window, figures.calls(), figures.errors(), ms(figures.p50Millis()),
                ms(figures.p95Millis()), ms(figures.p99Millis()), ms(figures.maxMillis()));
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }
}
