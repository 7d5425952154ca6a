package io.rocketconnect.impl.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of a test class's own: Debian's binaries (package {@code postgresql}, which
 * {@code .ci/run} installs), a cluster made by initdb in a temporary folder, and {@code postgres} as a
 * child process on a free loopback port, stopped by its pid in {@link #close()} (or by a shutdown hook if
 * the JVM ends first). PostgreSQL refuses to run as root, so as root (CI) both run as the user
 * {@code postgres} that Debian's package creates. {@code -Dpostgresql.bin=DIR} picks other binaries.
 */
final class TestPostgres implements AutoCloseable {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SUPERUSER = "postgres";

    private final Path folder;
    private final Process server;
    private final int port;
    private final Thread stopAtExit;

    private TestPostgres(Path folder, Process server, int port) {
        this.folder = folder;
        this.server = server;
        this.port = port;
        this.stopAtExit = new Thread(this::stop, "test-postgres-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** initdb, then postgres; returns once the server takes connections. */
    static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        Path folder = Files.createTempDirectory("rocketconnect-postgres");
        if (root) {
            UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView owner = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
            owner.setOwner(users.lookupPrincipalByName(SUPERUSER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(SUPERUSER);
            owner.setGroup(group);
        }
        Path data = folder.resolve("data");
        Process initdb = command(root, folder, folder.resolve("initdb.log"), bin.resolve("initdb").toString(), "-D",
                data.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync").start();
        if (!initdb.waitFor(2, TimeUnit.MINUTES) || initdb.exitValue() != 0) {
            initdb.destroyForcibly();
            String log = read(folder.resolve("initdb.log"));
            deleteQuietly(folder);
            throw new IllegalStateException("initdb failed: " + log);
        }
        int port = freeLoopbackPort();
        Path log = folder.resolve("postgres.log");
        // A throwaway cluster: durability settings off, TCP on loopback only, no Unix socket.
        Process server = command(root, folder, log, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off").start();
        TestPostgres postgres = new TestPostgres(folder, server, port);
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("postgres exited with " + server.exitValue() + ": " + read(log));
                }
                return postgres.answers();
            });
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /**
     * A new, empty schema on this server, as an unpooled DataSource whose unqualified tables go there:
     * fresh to the audit table as a new database would be (PostgreSQL's catalog names are unique per
     * schema), at a hundredth of CREATE DATABASE's 75-140 ms.
     */
    DataSource newSchema(String name) throws SQLException {
        if (!SCHEMA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a schema name: " + name);
        }
        try (Connection connection = dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
        PGSimpleDataSource source = dataSource("postgres");
        source.setCurrentSchema(name);
        return source;
    }

    long pid() {
        return server.pid();
    }

    /** Stops the server by its pid and deletes its folder. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs or has run
        }
    }

    private synchronized void stop() {
        try {
            if (server.isAlive()) {
                List<ProcessHandle> children = server.descendants().toList();
                // SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them
                // as SIGTERM (Process.destroy) does.
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start().waitFor();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    children.forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(folder);
        }
    }

    private boolean answers() {
        try (Connection connection = dataSource("postgres").getConnection()) {
            return connection.isValid(5);
        } catch (SQLException notYet) {
            return false;
        }
    }

    private PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName(database);
        source.setUser(SUPERUSER);
        source.setConnectTimeout(5);
        return source;
    }

    /** The newest /usr/lib/postgresql/N/bin with initdb and postgres, or -Dpostgresql.bin. */
    private static Path binaries() throws IOException {
        String chosen = System.getProperty("postgresql.bin");
        if (chosen != null) {
            return Path.of(chosen);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                        .map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                        .forEach(found::add);
            }
        }
        return found.stream()
                .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server under " + debian
                        + "/N/bin: install Debian's postgresql (apt-get install postgresql; .ci/run does) or set -Dpostgresql.bin"));
    }

    /** As root, through setpriv as the user postgres; output and errors into {@code log}. */
    private static ProcessBuilder command(boolean root, Path folder, Path log, String... command) {
        List<String> line = new ArrayList<>();
        if (root) {
            line.addAll(List.of("setpriv", "--reuid=" + SUPERUSER, "--regid=" + SUPERUSER, "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        // setpriv execs, so the child's pid is the server's own. The working directory is one the user
        // postgres may enter: initdb looks it up.
        return new ProcessBuilder(line).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a left-over temporary folder is no test failure
        }
    }
}
