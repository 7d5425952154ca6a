package io.rocketconnect.impl.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.KeyDefinition;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.adapter.AdapterComponent;

/**
 * Any configuration an operator (or a typo, or fileinstall's typed values) can give an adapter either
 * makes a healthy adapter or is refused with one named error: {@link InvalidConfigurationException}
 * naming keys of the configuration. Nothing else may escape: AdapterComponent hands anything else to SCR,
 * which leaves the configuration with no adapter and no clear message.
 */
public class AdapterConfigurationPropertyTest {

    /** Every key the metatype defines, and what else a configuration can hold. */
    private static final List<String> KEYS = keys();

    private static List<String> keys() {
        List<String> keys = new java.util.ArrayList<>(AdapterSettings.KEYS.all().stream().map(KeyDefinition::key).toList());
        keys.addAll(List.of("service.pid", "felix.fileinstall.filename", "unknown.key"));
        return keys;
    }
    /** The environment the @env(NAME) formulas see: SET is set, anything else is not. */
    private static final Map<String, String> ENVIRONMENT = Map.of("SET", "127.0.0.1:9876");
    private static final String SECRET = "Secret-Value-42";
    private static final int EXAMPLES = 3000;

    @Test
    public void anyConfigurationMakesAnAdapterOrOneNamedError() {
        AtomicInteger healthy = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        qt().withExamples(EXAMPLES).forAll(configurations()).checkAssert(configuration -> {
            // What AdapterComponent does with a configuration, up to the service registration.
            String id = AdapterSettings.idForMessages(configuration);
            assertThat(id, not(containsString(SECRET)));
            AdapterSettings settings;
            try {
                settings = AdapterSettings.from(configuration, ENVIRONMENT::get);
            } catch (InvalidConfigurationException e) {
                for (InvalidConfigurationException.Problem problem : e.problems()) {
                    assertThat("the refused key", problem.key(), in(Set.copyOf(KEYS)));
                    assertNamesKeyValueAndRule(problem, configuration.get(problem.key()));
                }
                assertThat("a refusal never shows the secret", e.getMessage(), not(containsString(SECRET)));
                refused.incrementAndGet();
                return;
            }
            Hashtable<String, Object> serviceProperties = new Hashtable<>(settings.serviceProperties()); // no null values
            assertThat(serviceProperties.toString() + settings, not(containsString(SECRET)));
            new Adapter(settings).close();
            healthy.incrementAndGet();
        });
        System.out.printf("AdapterConfigurationPropertyTest: %d healthy, %d refused of %d%n", healthy.get(), refused.get(), EXAMPLES);
        // Both outcomes must come up often, or the property says little about one of them.
        assertThat("healthy configurations among " + EXAMPLES, healthy.get(), greaterThan(EXAMPLES / 20));
        assertThat("refused configurations among " + EXAMPLES, refused.get(), greaterThan(EXAMPLES / 20));
    }

    /**
     * {@code key=value is not allowed; expected rule} (or {@code key is missing; expected rule}): the value
     * as the operator wrote it, never a secret's, never a Java object's identity.
     */
    private static void assertNamesKeyValueAndRule(InvalidConfigurationException.Problem problem, Object raw) {
        String message = problem.message();
        assertThat(message, startsWith(problem.key()));
        assertThat("the rule: " + message, message, matchesPattern("(?s).*; expected \\S.*"));
        assertThat("a Java identity instead of a value: " + message, message, not(matchesPattern("(?s).*\\[L[\\w.]+;@.*")));
        if (problem.key().equals(AdapterKeys.SECRET_KEY) || raw == null || message.startsWith(problem.key() + " is missing")
                || PropertyReader.hasFormula(raw)) {
            return; // a formula's problem shows the value it took from the environment
        }
        String written = raw.getClass().isArray() ? java.util.Arrays.toString((Object[]) raw) : String.valueOf(raw).trim();
        assertThat("the value as written: " + message, message, containsString(problem.key() + "=" + written));
    }

    /** Up to 12 random entries; or, half of the time, up to 3 over a valid configuration, so that single bad values come up. */
    private static Gen<Map<String, Object>> configurations() {
        Gen<Map.Entry<String, Object>> entry = Generate.pick(KEYS).flatMap(key -> {
            // The secret is only ever the value of .secretKey, so that finding it anywhere else is a leak.
            Gen<Object> value = key.equals(AdapterKeys.SECRET_KEY) ? values().mix(Generate.constant(SECRET)) : values();
            return value.map(v -> Map.entry(key, v));
        });
        Gen<List<Map.Entry<String, Object>>> entries = lists().of(entry).ofSizeBetween(0, 12);
        Gen<Map<String, Object>> random = entries.map(list -> {
            Map<String, Object> map = new HashMap<>();
            list.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
        // Over a valid configuration a few entries at most: with up to 12, nearly every one held a bad
        // value, healthy ones came to 150-190 of 3000 and the floor of 150 failed now and then.
        Gen<Map<String, Object>> overValid = lists().of(entry).ofSizeBetween(0, 3).map(list -> {
            Map<String, Object> map = new HashMap<>(Map.of(AdapterKeys.ID, "orders", AdapterKeys.NAMESRV_ADDR,
                    "127.0.0.1:9876"));
            list.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
        return random.mix(overValid);
    }

    /** Values as ConfigAdmin and fileinstall deliver them: strings of every kind, numbers, booleans, arrays. */
    private static Gen<Object> values() {
        Gen<Object> anyString = strings().allPossible().ofLengthBetween(0, 300).map(s -> (Object) s);
        Gen<Object> tricky = Generate.pick(List.<Object>of("", " ", "0", "-1", "1", "1000", "1001", "64", "2147483648",
                "1.5", "true", "false", "TRUE", "yes", "orders", "x)(adapter.id=*", "a||b", "127.0.0.1:9876",
                "127.0.0.1:9876;127.0.0.2:9876", "127.0.0.1", "host:99999", ";", "@env(SET)", "@env(UNSET)",
                "${env:UNSET}", "@env(", "CONSUME_FROM_FIRST_OFFSET", "CONSUME_FROM_NOWHERE", "%RETRY%x", "a".repeat(256)));
        Gen<Object> numbers = integers().all().map(i -> (Object) i).mix(longs().all().map(l -> (Object) l));
        Gen<Object> others = Generate.pick(List.<Object>of(Boolean.TRUE, Boolean.FALSE, new String[] {"a", "b"}, new String[0],
                new Integer[] {1}));
        return anyString.mix(tricky, 60).mix(numbers, 20).mix(others, 15);
    }
}
