package io.rocketconnect.notify;

/** Where a notification goes; {@link #deliver} makes one attempt and throws if it did not arrive. */
interface Target {

    TargetSettings settings();

    void deliver(AlertNotice notice) throws Exception;
}
