package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Files of the Karaf the tests run in, used from inside it: etc/ for configurations, the log. */
final class KarafFiles {

    private KarafFiles() {
    }

    static Path etc(String file) {
        return Path.of(System.getProperty("karaf.etc"), file);
    }

    /** Fileinstall must never read a half-written configuration: write beside it, then move. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String karafLog() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of(System.getProperty("karaf.log"), "karaf.log"), UTF_8)) {
            return String.join("\n", lines.toList());
        }
    }
}
