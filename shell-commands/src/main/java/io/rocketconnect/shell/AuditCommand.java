package io.rocketconnect.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.RocketmqAuditLog;
import io.rocketconnect.shell.completers.AdapterIdCompleter;

@Service
@Command(scope = "rocketmq", name = "audit",
        description = "Shows the newest audit log entries (calls of adapters with audit.enabled), newest first")
public class AuditCommand implements Action {

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "id", description = "Only this adapter (default: all)")
    @Completion(AdapterIdCompleter.class)
    String id;

    @Option(name = "--since", description = "Only entries this recent: an age such as 30s, 15m, 2h, 1d, or an ISO-8601 instant")
    String since;

    @Option(name = "--request-id", description = "Only the entries of this requestId")
    String requestId;

    @Option(name = "--errors", description = "Only failed calls")
    boolean errors;

    @Option(name = "--limit", description = "How many entries at most (1..10000, default 20)")
    int limit = 20;

    @Reference
    RocketmqAuditLog audit;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("--limit must be in [1, 10000], not " + limit);
        }
        AuditQuery query = AuditQuery.newest(limit).adapter(id).requestId(requestId).since(since == null ? null : parseSince(since));
        if (errors) {
            query = query.onlyErrors();
        }
        List<AuditRecord> records = audit.newest(query);
        ShellTable table = new ShellTable();
        for (String column : List.of("Time", "Adapter", "Operation", "Target", "Caller", "Outcome", "Error", "µs", "RequestId")) {
            table.column(column);
        }
        for (AuditRecord record : records) {
            table.addRow().addContent(TIME.format(record.timestamp()), record.adapterId(), record.operation(),
                    nullToEmpty(record.target()), nullToEmpty(record.caller()), record.outcome(), nullToEmpty(record.errorClass()),
                    record.durationMicros(), record.requestId());
        }
        table.print(System.out);
        return null;
    }

    /** An age ("15m") before now, or an ISO-8601 instant; anything else is refused by name. */
    static Instant parseSince(String value) {
        Matcher ago = AGO.matcher(value.trim());
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return Instant.now().minus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + value
                    + "' is neither an age (30s, 15m, 2h, 1d) nor an ISO-8601 instant (2026-11-24T08:00:00Z)");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
