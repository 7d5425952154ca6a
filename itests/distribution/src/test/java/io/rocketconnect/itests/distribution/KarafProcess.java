package io.rocketconnect.itests.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rocketconnect.testbroker.FreePorts;

/**
 * One unpacked distribution, started as a separate process with {@code bin/karaf daemon} (which execs
 * Java, so the pid we hold is Karaf's) and driven through {@code bin/client} over SSH.
 */
final class KarafProcess implements AutoCloseable {

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[;\\d]*m");

    private final Path home;
    private final int sshPort;
    private final int httpPort;
    private final int namesrvPort;
    private Process karaf;

    KarafProcess(Path home, int sshPort, int httpPort, int namesrvPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.httpPort = httpPort;
        this.namesrvPort = namesrvPort;
    }

    /**
     * A copy of the unpacked distribution (system property {@code distribution.directory}) of its own
     * under {@code run.directory}, with free loopback ports for SSH, HTTP, the development NameServer and
     * broker, so a test never meets another Karaf or broker on this machine.
     */
    static KarafProcess unpackWithFreePorts() throws IOException {
        Path unpacked = Path.of(System.getProperty("distribution.directory"));
        Path home = Path.of(System.getProperty("run.directory")).resolve("run-" + System.nanoTime());
        copyTree(unpacked, home);
        int sshPort = FreePorts.freePort();
        int httpPort = FreePorts.freePort();
        int namesrvPort = FreePorts.freePort();
        int brokerPort = FreePorts.freeBrokerPort();
        setProperties(home.resolve("etc/org.apache.karaf.shell.cfg"),
                List.of("sshPort", Integer.toString(sshPort), "sshHost", "127.0.0.1"));
        setProperties(home.resolve("etc/org.ops4j.pax.web.cfg"), List.of("org.osgi.service.http.port",
                Integer.toString(httpPort), "org.ops4j.pax.web.listening.addresses", "127.0.0.1"));
        // The feature copies its broker cfg into etc/ only when none is there yet.
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
        Files.copy(home.resolve("system/io/rocketconnect/rocketconnect-rocketmq-broker").resolve(version)
                .resolve("rocketconnect-rocketmq-broker-" + version + "-broker.cfg"),
                home.resolve("etc/io.rocketconnect.broker.cfg"));
        setProperties(home.resolve("etc/io.rocketconnect.broker.cfg"), List.of(
                "namesrvPort", Integer.toString(namesrvPort),
                "brokerPort", Integer.toString(brokerPort),
                "haPort", Integer.toString(brokerPort + 1)));
        setProperties(home.resolve("etc/io.rocketconnect.adapter-demo.cfg"),
                List.of("namesrvAddr", "127.0.0.1:" + namesrvPort));
        return new KarafProcess(home, sshPort, httpPort, namesrvPort);
    }

    Path home() {
        return home;
    }

    /** The web console's base URL, e.g. {@code http://127.0.0.1:41234}. */
    String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    String namesrvAddr() {
        return "127.0.0.1:" + namesrvPort;
    }

    /** Starts Karaf; returns its pid. */
    long start() throws IOException {
        return start(java.util.Map.of());
    }

    /** Starts Karaf with these environment variables set as well (what @env(NAME) reads); returns its pid. */
    long start(java.util.Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/karaf", "daemon")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        karaf = builder.start();
        return karaf.pid();
    }

    /**
     * Runs one shell command through bin/client and returns what it printed. The command goes to
     * stdin with -b: bin/client closes the session at once when its stdin ends before the command ran.
     */
    String client(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/client", "-u", "karaf", "-p", "karaf",
                "-a", Integer.toString(sshPort), "-r", "2", "-d", "1", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        try (OutputStream stdin = client.getOutputStream()) {
            stdin.write((command + "\n").getBytes(UTF_8));
        }
        // Karaf colours some output (feature:info -x) even without a terminal: the escapes go.
        String output = ANSI_ESCAPE.matcher(new String(client.getInputStream().readAllBytes(), UTF_8)).replaceAll("");
        if (!client.waitFor(120, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish: " + command);
        }
        return output;
    }

    /** Stops Karaf by its pid (SIGTERM, as an operator's kill or a service manager does) and waits. */
    boolean stop(long timeoutSeconds) throws InterruptedException {
        if (karaf == null) {
            return true;
        }
        karaf.destroy();
        boolean exited = karaf.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (exited) {
            karaf = null;
        }
        return exited;
    }

    boolean isAlive() {
        return karaf != null && karaf.isAlive();
    }

    String karafLog() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"), UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (karaf != null && !stop(60)) {
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Replaces {@code key = value} lines of a properties file (adding the key if absent). */
    static void setProperties(Path file, List<String> keysAndValues) {
        try {
            String text = Files.exists(file) ? Files.readString(file, UTF_8) : "";
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                String key = keysAndValues.get(i);
                String line = key + " = " + keysAndValues.get(i + 1);
                Matcher existing = Pattern.compile("(?m)^#?\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
                text = existing.find() ? existing.replaceFirst(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
            }
            Files.writeString(file, text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
