package io.rocketconnect.webconsole.security;

/** The console paths (below {@code /system/console}) of the rocketmq page, the only ones a viewer opens. */
public final class ConsolePaths {

    /** The plugin's label: its page is {@code /system/console/rocketmq}. */
    public static final String LABEL = "rocketmq";

    private ConsolePaths() {
    }

    /**
     * True for the rocketmq page, its files and JSON API ({@code servletPath} the console's root,
     * {@code pathInfo} {@code /rocketmq...}), and for the console's own style sheets, scripts and images,
     * which the console serves as resources at {@code <root>/res} and the page's frame needs.
     */
    public static boolean viewerMayOpen(String servletPath, String pathInfo) {
        if (servletPath == null || servletPath.contains("..") || (pathInfo != null && pathInfo.contains(".."))) {
            return false;
        }
        if (servletPath.endsWith("/res")) {
            return true;
        }
        return pathInfo != null && (pathInfo.equals("/" + LABEL) || pathInfo.startsWith("/" + LABEL + "/"));
    }
}
