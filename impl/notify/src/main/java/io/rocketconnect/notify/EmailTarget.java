package io.rocketconnect.notify;

import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** A plain-text mail through the configured SMTP server, with STARTTLS or TLS unless told "none". */
final class EmailTarget implements Target {

    private final TargetSettings settings;
    private final Session session;

    EmailTarget(TargetSettings settings) {
        this.settings = settings;
        String protocol = settings.smtpTls().equals("smtps") ? "smtps" : "smtp";
        String millis = Long.toString(settings.timeoutSeconds() * 1000L);
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", settings.smtpHost());
        properties.put("mail." + protocol + ".port", Integer.toString(settings.smtpPort()));
        properties.put("mail." + protocol + ".connectiontimeout", millis);
        properties.put("mail." + protocol + ".timeout", millis);
        properties.put("mail." + protocol + ".writetimeout", millis);
        properties.put("mail." + protocol + ".auth", Boolean.toString(settings.smtpUsername() != null));
        if (settings.smtpTls().equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (!settings.smtpTls().equals("none")) {
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = withOwnClassLoader(() -> Session.getInstance(properties));
    }

    @Override
    public TargetSettings settings() {
        return settings;
    }

    @Override
    public void deliver(AlertNotice notice) throws MessagingException {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(settings.from()));
        for (String to : settings.to()) {
            mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        mail.setSubject(notice.summary(), "UTF-8");
        mail.setText(body(notice), "UTF-8");
        MessagingException failure = withOwnClassLoader(() -> {
            try {
                if (settings.smtpUsername() != null) {
                    Transport.send(mail, settings.smtpUsername(), settings.smtpPassword());
                } else {
                    Transport.send(mail);
                }
                return null;
            } catch (MessagingException e) {
                return e;
            }
        });
        if (failure != null) {
            throw failure;
        }
    }

    private static String body(AlertNotice notice) {
        return notice.summary() + "\n\n"
                + "policy:     " + notice.policy() + "\n"
                + "adapter:    " + notice.adapterId() + "\n"
                + "metric:     " + notice.metric() + "\n"
                + "value:      " + notice.value() + "\n"
                + "threshold:  " + notice.threshold() + "\n"
                + "window:     " + notice.windowSeconds() + " s\n"
                + "raised at:  " + notice.raisedAt() + "\n"
                + (notice.resolvedAt() != null ? "resolved at: " + notice.resolvedAt() + "\n" : "")
                + "\nSee rocketmq:alerts or the web console's Alerts view.\n";
    }

    /**
     * Jakarta Mail looks for its providers and data handlers through the thread's context class loader;
     * in OSGi that must be this bundle's, which holds them.
     */
    private static <T> T withOwnClassLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmailTarget.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
