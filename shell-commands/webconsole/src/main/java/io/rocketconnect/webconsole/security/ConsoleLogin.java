package io.rocketconnect.webconsole.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's login while the rocketmq plugin is installed: Karaf's own login (HTTP Basic against
 * the JAAS realm, the role of {@code etc/org.apache.karaf.webconsole.cfg} for the whole console) plus
 * one thing: a user with the {@value ConsoleUser#VIEWER} role may open the rocketmq page and its files,
 * and nothing else of the console. Felix's other plugins check no role of their own, so a viewer let
 * into the console by lowering Karaf's role could stop bundles; this way they cannot.
 * <p>
 * Ranked above Karaf's provider, so the console uses this one; it reads the same configuration.
 */
@Component(service = WebConsoleSecurityProvider.class, configurationPid = "org.apache.karaf.webconsole",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=100")
public class ConsoleLogin implements WebConsoleSecurityProvider2 {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogin.class);

    /** The request attributes of the OSGi HTTP service's authentication (HttpContext's constants). */
    private static final String AUTHENTICATION_TYPE = "org.osgi.service.http.authentication.type";
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";

    private volatile String realm;
    private volatile String consoleRole;

    @Activate
    public ConsoleLogin(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void configure(Map<String, Object> properties) {
        realm = String.valueOf(properties.getOrDefault("realm", "karaf"));
        consoleRole = roleName(String.valueOf(properties.getOrDefault("role", ConsoleUser.ADMIN)));
    }

    /** Karaf's {@code role} is a name or {@code <principal class>:<name>}; the name is what we compare. */
    static String roleName(String configured) {
        String role = configured.trim();
        return role.substring(role.lastIndexOf(':') + 1);
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        String[] credentials = basicCredentials(request.getHeader("Authorization"));
        Subject subject = credentials == null ? null : login(credentials[0], credentials[1], request.getRemoteAddr());
        try {
            if (subject == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return false;
            }
            ConsoleUser user = ConsoleUser.of(subject);
            boolean wholeConsole = consoleRole.isEmpty() || user.roles().contains(consoleRole);
            boolean viewerPage = ConsolePaths.viewerMayOpen(request.getServletPath(), request.getPathInfo());
            if (!wholeConsole && !(user.viewer() && viewerPage)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "the viewer role opens only " + request.getServletPath() + "/" + ConsolePaths.LABEL);
                return false;
            }
        } catch (IOException e) {
            LOG.debug("The console's client went away during login", e);
            return false;
        }
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
        request.setAttribute(REMOTE_USER, credentials[0]);
        request.setAttribute(USER_ATTRIBUTE, credentials[0]);
        request.setAttribute(ConsoleUser.SUBJECT_ATTRIBUTE, subject);
        return true;
    }

    @Override
    public Object authenticate(String username, String password) {
        return login(username, password, null);
    }

    /** Karaf's console authorizes nothing per role either; the rocketmq plugin checks its roles itself. */
    @Override
    public boolean authorize(Object user, String role) {
        return true;
    }

    private Subject login(String username, String password, String remoteAddress) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("webconsole", remoteAddress == null ? "?" : remoteAddress));
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(username);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
            return subject;
        } catch (LoginException e) {
            LOG.debug("Console login of '{}' failed: {}", username, e.getMessage());
            return null;
        }
    }

    /** user and password of an {@code Authorization: Basic} header, or null. */
    static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
