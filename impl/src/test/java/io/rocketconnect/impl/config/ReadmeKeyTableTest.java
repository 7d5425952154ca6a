package io.rocketconnect.impl.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.rocketconnect.api.config.KeyDefinition;

/**
 * The README's table of adapter keys says what {@link AdapterConfig} says: the same keys, and for each
 * the default, whether it is required, and the range or options. A key added, renamed or given a new
 * default without the README following fails here, with the row the README should have.
 */
public class ReadmeKeyTableTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String SECTION = "## Adapter configuration";

    @Test
    public void theReadmeTableHasEveryKeyAndNoOther() throws IOException {
        assertEquals(AdapterSettings.KEYS.all().stream().map(KeyDefinition::key).toList(), List.copyOf(rows().keySet()));
    }

    @Test
    public void eachRowSaysWhatTheDefinitionSays() throws IOException {
        Map<String, List<String>> rows = rows();
        List<String> wrong = new ArrayList<>();
        for (KeyDefinition key : AdapterSettings.KEYS.all()) {
            List<String> row = rows.get(key.key());
            if (row == null) {
                continue; // the other test names it
            }
            String required = row.get(1);
            String defaultValue = row.get(2);
            String allowed = row.get(3);
            boolean needed = key.required() && key.defaultValue() == null;
            boolean ok = needed == required.equals("yes")
                    && (key.defaultValue() == null || defaultValue.equals("`" + key.defaultValue() + "`"))
                    && (key.min() == null || allowed.contains(key.min() + "–" + key.max()))
                    && key.options().stream().allMatch(option -> allowed.contains("`" + option + "`"))
                    && (!key.type().equals("Boolean") || allowed.equals("`true`/`false`"));
            if (!ok) {
                wrong.add("| `" + key.key() + "` | " + (needed ? "yes" : "no") + " | "
                        + (key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`") + " | " + allowed(key) + " | ...");
            }
        }
        assertTrue("README rows that disagree with AdapterConfig; they should read:\n" + String.join("\n", wrong), wrong.isEmpty());
    }

    private static String allowed(KeyDefinition key) {
        if (key.min() != null) {
            return key.min() + "–" + key.max();
        }
        if (!key.options().isEmpty()) {
            return "`" + String.join("`, `", key.options()) + "`";
        }
        return key.type().equals("Boolean") ? "`true`/`false`" : "text";
    }

    /** The key table's rows: key → cells (key, required, default, allowed, meaning). */
    private static Map<String, List<String>> rows() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int section = lines.indexOf(SECTION);
        assertTrue("README has a section '" + SECTION + "'", section >= 0);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("| `")) {
                inTable = true;
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.lastIndexOf('|')).split("(?<!\\\\)\\|", -1)) {
                    cells.add(cell.trim());
                }
                rows.put(cells.get(0).replace("`", ""), cells);
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }
}
