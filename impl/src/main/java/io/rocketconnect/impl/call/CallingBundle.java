package io.rocketconnect.impl.call;

/**
 * The symbolic name of the bundle whose call is running on this thread, for the audit log. Each bundle
 * gets its own {@link AdapterForBundle} view of an adapter (a service factory), and the view enters
 * its bundle here around every call; the listener whiteboard enters the listener's bundle.
 */
public final class CallingBundle {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallingBundle() {
    }

    /** The calling bundle, or null for a call that came in without a view (tests, internal use). */
    public static String current() {
        return CURRENT.get();
    }

    /** Marks {@code symbolicName} as the caller until {@link Scope#close()}; an outer caller stays. */
    public static Scope enter(String symbolicName) {
        if (symbolicName == null || CURRENT.get() != null) {
            return () -> { };
        }
        CURRENT.set(symbolicName);
        return CURRENT::remove;
    }

    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
