package io.rocketconnect.itests;

import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

import io.rocketconnect.testbroker.BrokerLine;

/**
 * Stops the test JVM's broker once every test has run (failsafe registers this listener). The broker's
 * threads are not daemons; left to the shutdown hook they hold up surefire's exit handshake for 30 s.
 */
public class StopBrokerListener extends RunListener {

    @Override
    public void testRunFinished(Result result) {
        BrokerLine.stopShared();
    }
}
