package io.rocketconnect.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.RocketmqAlerts;
import io.rocketconnect.api.RocketmqNotifications;
import io.rocketconnect.api.SlaAlert;

@Service
@Command(scope = "rocketmq", name = "alerts",
        description = "Lists the SLA alerts that are active (etc/io.rocketconnect.sla.policy-*.cfg), or the latest resolved ones, "
                + "and how their notifications went (etc/io.rocketconnect.notify-*.cfg)")
public class AlertsCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Option(name = "--resolved", description = "Show the latest resolved alerts instead of the active ones")
    boolean resolved;

    @Reference
    RocketmqAlerts alerts;

    /** There with feature rocketmq-notify. */
    @Reference(optional = true)
    RocketmqNotifications notifications;

    @Override
    public Object execute() {
        List<SlaAlert> shown = resolved ? alerts.resolved() : alerts.active();
        if (shown.isEmpty()) {
            System.out.println(resolved ? "No resolved alerts." : "No active alerts.");
        } else {
            alerts(shown);
        }
        if (notifications != null && !notifications.targets().isEmpty()) {
            System.out.println();
            targets(notifications.targets());
        }
        return null;
    }

    private static void targets(List<RocketmqNotifications.TargetStatus> targets) {
        ShellTable table = new ShellTable();
        for (String column : List.of("Notify", "Type", "Destination", "Delivered", "Failed", "Last failure")) {
            table.column(column);
        }
        for (RocketmqNotifications.TargetStatus target : targets) {
            table.addRow().addContent(target.name(), target.type(), target.destination(), target.delivered(), target.failed(),
                    target.lastFailure() == null ? "" : TIME.format(target.lastFailureAt()) + " " + target.lastFailure());
        }
        table.print(System.out);
    }

    private static void alerts(List<SlaAlert> shown) {
        ShellTable table = new ShellTable();
        for (String column : List.of("Policy", "Adapter", "Metric", "Value", "Threshold", "Window", "Raised", "Resolved")) {
            table.column(column);
        }
        for (SlaAlert alert : shown) {
            table.addRow().addContent(alert.policy(), alert.adapterId(), alert.metric(), number(alert.value()),
                    number(alert.threshold()), alert.window().toSeconds() + "s", TIME.format(alert.raisedAt()),
                    alert.resolvedAt() == null ? "" : TIME.format(alert.resolvedAt()));
        }
        table.print(System.out);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
