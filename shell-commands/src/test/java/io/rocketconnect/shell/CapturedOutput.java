package io.rocketconnect.shell;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.rules.ExternalResource;

/** What commands print to System.out during a test. */
public final class CapturedOutput extends ExternalResource {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    protected void before() {
        original = System.out;
        System.setOut(new PrintStream(out, true, UTF_8));
    }

    @Override
    protected void after() {
        System.setOut(original);
    }

    public String text() {
        return out.toString(UTF_8);
    }

    public void reset() {
        out.reset();
    }
}
