package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.security.Principal;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs shell commands through Karaf's command session, as a given user with given roles. */
final class KarafShell {

    static final Principal[] ADMIN = {new UserPrincipal("karaf"), new RolePrincipal("admin"), new RolePrincipal("viewer")};
    static final Principal[] VIEWER = {new UserPrincipal("guest"), new RolePrincipal("viewer")};
    /** What Karaf's default ACLs let change most configurations, but is not admin. */
    static final Principal[] MANAGER = {new UserPrincipal("operator"), new RolePrincipal("manager"), new RolePrincipal("viewer")};

    private final SessionFactory sessionFactory;

    KarafShell(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Runs one command in a new session as the given principals and returns what it printed. */
    String run(String command, Principal... principals) throws Exception {
        String scope = command.substring(0, command.indexOf(':'));
        String name = command.substring(command.indexOf(':') + 1, command.indexOf(' ') > 0 ? command.indexOf(' ') : command.length());
        await().atMost(Duration.ofSeconds(30)).until(() -> sessionFactory.getRegistry().getCommand(scope, name) != null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printStream = new PrintStream(output, true, UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), printStream, printStream);
        Subject subject = new Subject();
        subject.getPrincipals().addAll(List.of(principals));
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        return output.toString(UTF_8);
    }
}
