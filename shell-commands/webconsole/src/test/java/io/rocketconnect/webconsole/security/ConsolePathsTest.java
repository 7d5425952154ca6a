package io.rocketconnect.webconsole.security;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.Test;

/** What a viewer may open of the console, and how the login reads HTTP Basic credentials. */
public class ConsolePathsTest {

    @Test
    public void aViewerOpensTheRocketmqPageAndTheConsolesFilesOnly() {
        assertTrue(ConsolePaths.viewerMayOpen("/system/console", "/rocketmq"));
        assertTrue(ConsolePaths.viewerMayOpen("/system/console", "/rocketmq/api/adapters"));
        assertTrue(ConsolePaths.viewerMayOpen("/system/console/res", "/lib/jquery-3.6.1.js"));
        assertFalse(ConsolePaths.viewerMayOpen("/system/console", "/bundles"));
        assertFalse(ConsolePaths.viewerMayOpen("/system/console", "/configMgr"));
        assertFalse("a label that only starts like ours", ConsolePaths.viewerMayOpen("/system/console", "/rocketmqx"));
        assertFalse(ConsolePaths.viewerMayOpen("/system/console", "/rocketmq/../bundles"));
        assertFalse(ConsolePaths.viewerMayOpen("/system/console", null));
        assertFalse(ConsolePaths.viewerMayOpen(null, "/rocketmq"));
    }

    @Test
    public void karafsRoleIsReadWithOrWithoutItsPrincipalClass() {
        assertEquals("admin", ConsoleLogin.roleName("admin"));
        assertEquals("admin", ConsoleLogin.roleName(" org.apache.karaf.jaas.boot.principal.RolePrincipal:admin "));
        assertEquals("", ConsoleLogin.roleName(""));
    }

    @Test
    public void basicCredentialsAreReadAndAnythingElseIsNone() {
        String header = "Basic " + Base64.getEncoder().encodeToString("olga:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new String[] {"olga", "pa:ss"}, ConsoleLogin.basicCredentials(header));
        assertArrayEquals(new String[] {"olga", "pa:ss"}, ConsoleLogin.basicCredentials(header.replace("Basic", "basic")));
        assertNull(ConsoleLogin.basicCredentials(null));
        assertNull(ConsoleLogin.basicCredentials("Bearer abc"));
        assertNull(ConsoleLogin.basicCredentials("Basic !!!"));
        assertNull(ConsoleLogin.basicCredentials("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())));
    }
}
