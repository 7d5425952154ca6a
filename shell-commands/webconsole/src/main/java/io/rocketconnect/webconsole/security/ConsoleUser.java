package io.rocketconnect.webconsole.security;

import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.servlet.http.HttpServletRequest;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * Who sends a console request and what they may do, from the JAAS subject the console's login put on
 * the request (Karaf's own login and {@link ConsoleLogin} both do). The roles are the shell ACL's:
 * {@value #ADMIN} changes, sends and sees message bodies; {@value #VIEWER} (or admin) reads.
 */
public record ConsoleUser(String name, Set<String> roles) {

    /** The request attribute Karaf's console logins put the JAAS subject under. */
    public static final String SUBJECT_ATTRIBUTE = "karaf.subject.runas";
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    public ConsoleUser {
        roles = Set.copyOf(roles);
    }

    public static ConsoleUser of(Subject subject) {
        if (subject == null) {
            return new ConsoleUser(null, Set.of());
        }
        String name = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst()
                .orElse(null);
        return new ConsoleUser(name, subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .collect(Collectors.toSet()));
    }

    public static ConsoleUser of(HttpServletRequest request) {
        Object subject = request.getAttribute(SUBJECT_ATTRIBUTE);
        return of(subject instanceof Subject known ? known : null);
    }

    public boolean admin() {
        return roles.contains(ADMIN);
    }

    public boolean viewer() {
        return admin() || roles.contains(VIEWER);
    }
}
