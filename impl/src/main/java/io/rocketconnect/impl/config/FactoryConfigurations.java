package io.rocketconnect.impl.config;

import java.util.Map;

/** What adapter and policy configurations share: the name a factory configuration gets from where it came from. */
public final class FactoryConfigurations {

    /** Where fileinstall notes the file a configuration came from, or is saved to. */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private FactoryConfigurations() {
    }

    /**
     * The {@code <name>} of {@code etc/<factoryPid>-<name>.cfg}, or of the named factory pid
     * {@code <factoryPid>~<name>}; null if the configuration came from neither.
     */
    public static String nameFromOrigin(Map<String, ?> properties, String factoryPid) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String path = file.toString();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            String prefix = factoryPid + "-";
            int dot = fileName.lastIndexOf('.');
            if (fileName.startsWith(prefix) && dot > prefix.length()) {
                return fileName.substring(prefix.length(), dot);
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(factoryPid + "~")) {
            return pid.toString().substring(factoryPid.length() + 1);
        }
        return null;
    }
}
