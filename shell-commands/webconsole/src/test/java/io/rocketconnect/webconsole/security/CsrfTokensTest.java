package io.rocketconnect.webconsole.security;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;

/** The token and origin checks of state-changing API calls. */
public class CsrfTokensTest {

    private final CsrfTokens tokens = new CsrfTokens();

    /** A request that answers only getHeader, from {@code headers}. */
    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(CsrfTokensTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get(args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void theUsersOwnTokenFromTheSameOriginPasses() {
        String token = tokens.tokenFor("karaf");
        assertEquals(64, token.length());
        assertEquals("the same token for the same user", token, tokens.tokenFor("karaf"));
        assertNull(tokens.refusal(request(Map.of(CsrfTokens.HEADER, token, "Host", "127.0.0.1:8181")), "karaf"));
        assertNull(tokens.refusal(request(Map.of(CsrfTokens.HEADER, token, "Host", "127.0.0.1:8181",
                "Origin", "http://127.0.0.1:8181")), "karaf"));
    }

    @Test
    public void aMissingWrongOrForeignTokenOrAnotherOriginIsRefusedByName() {
        String token = tokens.tokenFor("karaf");
        assertThat(tokens.refusal(request(Map.of("Host", "h:1")), "karaf"), containsString("missing " + CsrfTokens.HEADER));
        assertThat(tokens.refusal(request(Map.of(CsrfTokens.HEADER, "00", "Host", "h:1")), "karaf"),
                containsString("wrong " + CsrfTokens.HEADER));
        assertThat("another user's token", tokens.refusal(request(Map.of(CsrfTokens.HEADER, tokens.tokenFor("olga"),
                "Host", "h:1")), "karaf"), containsString("wrong"));
        assertThat(tokens.refusal(request(Map.of(CsrfTokens.HEADER, token, "Host", "h:1", "Origin", "http://evil.example")),
                "karaf"), containsString("cross-origin request from http://evil.example"));
        assertThat("a sandboxed page's origin", tokens.refusal(request(Map.of(CsrfTokens.HEADER, token, "Host", "h:1",
                "Origin", "null")), "karaf"), containsString("cross-origin"));
        assertNotEquals("another plugin start, another key", token, new CsrfTokens().tokenFor("karaf"));
    }
}
