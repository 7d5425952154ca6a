package io.rocketconnect.testbroker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Free loopback ports for test servers, including a 4.x/5.x broker's port family. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A free port that is none of {@code taken} (ports a server about to start will listen on). */
    public static int freePortOtherThan(Set<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (!taken.contains(port)) {
                return port;
            }
        }
        throw new IOException("no free port other than " + taken + " after 50 attempts");
    }

    /** A port P for a broker: it also listens on P - 2 (VIP channel) and by default P + 1 (HA). */
    public static int freeBrokerPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port > 1026 && port < 65534 && isFree(port - 2) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no free port P with P - 2 and P + 1 free after 50 attempts");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
