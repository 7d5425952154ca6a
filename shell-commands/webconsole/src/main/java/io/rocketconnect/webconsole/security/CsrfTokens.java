package io.rocketconnect.webconsole.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.HttpServletRequest;

/**
 * Protects the plugin's state-changing requests against cross-site request forgery. The console logs in
 * with HTTP Basic, which a browser sends along with any request to the site, so a POST from another
 * site would carry the operator's credentials. Each such request must therefore carry the header
 * {@value #HEADER} with this user's token (an HMAC of the user name under a key made when the plugin
 * starts), which another site can neither read nor send without a CORS pre-flight that the console does
 * not answer; and an {@code Origin} header, when the browser sends one, must be the console's own.
 */
public final class CsrfTokens {

    public static final String HEADER = "X-RocketConnect-CSRF";

    private final SecretKeySpec key;

    public CsrfTokens() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(String.valueOf(user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Why {@code request} of {@code user} is refused, or null when its token and origin are right. */
    public String refusal(HttpServletRequest request, String user) {
        String token = request.getHeader(HEADER);
        if (token == null || token.isEmpty()) {
            return "missing " + HEADER + " header (GET " + ConsolePaths.LABEL + "/api/session gives the token)";
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                tokenFor(user).getBytes(StandardCharsets.UTF_8))) {
            return "wrong " + HEADER + " token for user '" + user + "'";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            return "cross-origin request from " + origin;
        }
        return null;
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            return host != null && host.equalsIgnoreCase(uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
