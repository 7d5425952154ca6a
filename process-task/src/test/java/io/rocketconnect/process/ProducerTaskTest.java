package io.rocketconnect.process;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.rocketconnect.process.ProducerTaskException.Reason;

/** Reading a producer step's parameters: what a process designer gets right, and each mistake named. */
public class ProducerTaskTest {

    private static Map<String, String> parameters(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>(Map.of("adapter", "orders", "topic", "Orders", "body", "hello"));
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String refused(Map<String, String> parameters, Map<String, ?> variables) {
        ProducerTaskException e = assertThrows(ProducerTaskException.class, () -> ProducerTask.from(parameters, variables));
        assertEquals(Reason.BAD_PARAMETER, e.reason());
        return e.getMessage();
    }

    @Test
    public void placeholdersTakeProcessVariablesInEveryParameter() {
        ProducerTask task = ProducerTask.from(parameters("adapter", "${adapterId}", "topic", "Orders_${region}",
                "tags", "${status}", "keys", "${orderId}, ${customer}", "body", "{\"order\":\"${orderId}\",\"total\":${total}}",
                "property.region", "${region}"),
                Map.of("adapterId", "orders", "region", "EU", "status", "shipped", "orderId", "A-1", "customer", "Ada", "total", 19.5));
        assertEquals("orders", task.adapterId());
        assertEquals("Orders_EU", task.message().topic());
        assertEquals("shipped", task.message().tags());
        assertEquals(List.of("A-1", "Ada"), task.message().keys());
        assertEquals("{\"order\":\"A-1\",\"total\":19.5}", task.message().bodyAsText());
        assertEquals(Map.of("region", "EU"), task.message().properties());
        assertFalse(task.async());
    }

    @Test
    public void aValueWithADollarSignButNoPlaceholderIsKeptAsWritten() {
        assertEquals("costs $5 {net}", ProducerTask.from(parameters("body", "costs $5 {net}"), Map.of()).message().bodyAsText());
    }

    @Test
    public void delayIsALevelOrAnIsoDuration() {
        assertEquals(3, ProducerTask.from(parameters("delay", "3"), Map.of()).message().delayLevel());
        Instant before = Instant.now();
        Instant at = ProducerTask.from(parameters("delay", "PT30S"), Map.of()).message().deliverAt();
        assertTrue(!at.isBefore(before.plus(Duration.ofSeconds(30))) && at.isBefore(Instant.now().plus(Duration.ofSeconds(31))));
    }

    @Test
    public void resultVariablesCarryThePrefixAndAnAsyncSendHasOnlyTheRequestId() {
        ProducerTask sync = ProducerTask.from(parameters("resultVariablePrefix", "notify_"), Map.of());
        assertEquals(Map.of("notify_requestId", "r1", "notify_msgId", "m1", "notify_sendStatus", "SEND_OK"),
                sync.resultVariables(new ProducerResult("r1", "m1", "SEND_OK")));
        assertEquals("notify_error", sync.errorVariable());
        ProducerTask async = ProducerTask.from(parameters("mode", "ASYNC"), Map.of());
        assertTrue(async.async());
        assertEquals(Map.of("requestId", "r2"), async.resultVariables(new ProducerResult("r2", null, null)));
    }

    @Test
    public void eachMistakeIsNamed() {
        assertThat(refused(parameters("tag", "x"), Map.of()), containsString("unknown parameter 'tag'"));
        Map<String, String> noTopic = parameters();
        noTopic.remove("topic");
        assertThat(refused(noTopic, Map.of()), containsString("topic is required"));
        assertThat(refused(parameters("body", "  "), Map.of()), containsString("body is required, and it is empty"));
        assertThat(refused(parameters("body", "${orderId}"), Map.of()), containsString("no variable 'orderId'"));
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("orderId", null);
        assertThat(refused(parameters("body", "${orderId}"), nullValue), containsString("(it is null)"));
        assertThat(refused(parameters("body", "${a + b}"), Map.of()), containsString("'${a + b}' is not a variable name"));
        assertThat(refused(parameters("keys", "a,,b"), Map.of()), containsString("keys: 'a,,b' has an empty key"));
        assertThat(refused(parameters("delay", "0"), Map.of()), containsString("delay: level 0"));
        assertThat(refused(parameters("delay", "99999999999"), Map.of()), containsString("too large"));
        assertThat(refused(parameters("delay", "30s"), Map.of()), containsString("neither a delay level"));
        assertThat(refused(parameters("delay", "-PT5S"), Map.of()), containsString("not a positive duration"));
        assertThat(refused(parameters("mode", "later"), Map.of()), containsString("mode: 'later' is neither sync nor async"));
        assertThat(refused(parameters("property.", "x"), Map.of()), containsString("unknown parameter 'property.'"));
    }
}
