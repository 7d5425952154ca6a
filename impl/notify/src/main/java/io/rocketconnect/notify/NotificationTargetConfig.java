package io.rocketconnect.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * {@code etc/io.rocketconnect.notify-<name>.cfg}: one place alerts go, named by the policies'
 * {@code notify.to}. A webhook gets an HTTP POST of a JSON body; an email target a plain-text mail.
 */
@ObjectClassDefinition(name = "RocketConnect notification target",
        description = "A webhook or a mailbox that SLA alerts (and their end) are sent to")
public @interface NotificationTargetConfig {

    String FACTORY_PID = "io.rocketconnect.notify";

    @AttributeDefinition(name = "Name", description = "Defaults to the part of the file name after 'io.rocketconnect.notify-'.",
            required = false)
    String name();

    @AttributeDefinition(name = "Type", options = {@Option(value = "webhook", label = "Webhook (HTTP POST of JSON)"),
            @Option(value = "email", label = "Email (SMTP)")})
    String type();

    @AttributeDefinition(name = "Webhook URL", description = "http:// or https:// URL the JSON is posted to.", required = false)
    String url();

    @AttributeDefinition(name = "Webhook header", description = "One header sent with each POST, 'Name: value', e.g. "
            + "'Authorization: Bearer @env(ALERT_TOKEN)'. Private: never shown or logged.", required = false)
    String _header();

    @AttributeDefinition(name = "Recipients", description = "Mail addresses, separated by commas.", required = false)
    String to();

    @AttributeDefinition(name = "Sender", description = "The From address of the mails.")
    String from() default "rocketconnect@localhost";

    @AttributeDefinition(name = "SMTP host", required = false)
    String smtp_host();

    @AttributeDefinition(name = "SMTP port", description = "1..65535; 25, 587 (starttls) or 465 (smtps) as a rule.")
    int smtp_port() default 587;

    @AttributeDefinition(name = "SMTP TLS", options = {@Option(value = "starttls", label = "STARTTLS, required"),
            @Option(value = "smtps", label = "TLS from the start (smtps)"), @Option(value = "none", label = "none (loopback only)")})
    String smtp_tls() default "starttls";

    @AttributeDefinition(name = "SMTP user", required = false)
    String smtp_username();

    @AttributeDefinition(name = "SMTP password", description = "Use @env(NAME). Private: never shown or logged.", required = false)
    String _smtp_password();

    @AttributeDefinition(name = "Timeout", description = "Seconds one attempt may take, 1..60.")
    int timeoutSeconds() default 5;

    @AttributeDefinition(name = "Retries", description = "Attempts after the first that failed, 0..10.")
    int retries() default 3;

    @AttributeDefinition(name = "Retry delay", description = "Milliseconds before the first retry, doubling up to 30 s; 10..30000.")
    int retryDelayMillis() default 1000;
}
