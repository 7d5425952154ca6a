package io.rocketconnect.broker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

public class BrokerSettingsTest {

    private static final Path DATA = Path.of("/opt/karaf/data");

    private static String rejected(Map<String, ?> config) {
        return assertThrows(IllegalArgumentException.class, () -> BrokerSettings.from(config, DATA)).getMessage();
    }

    @Test
    public void defaultsStayAwayFromRocketmqPortsAndLiveInKarafData() {
        BrokerSettings settings = BrokerSettings.from(Map.of(), DATA);
        assertEquals(19876, settings.namesrvPort());
        assertEquals(20911, settings.brokerPort());
        assertEquals(20912, settings.haPort());
        assertEquals("127.0.0.1", settings.brokerIP1());
        assertEquals(DATA.resolve("rocketmq"), settings.storeDir());
        assertTrue(settings.autoCreateTopicEnable());
    }

    @Test
    public void unchangedConfigurationIsEqualSoTheBrokerIsNotRestarted() {
        Map<String, String> config = Map.of("namesrvPort", "19000", "brokerPort", "19100");
        assertEquals(BrokerSettings.from(config, DATA), BrokerSettings.from(Map.copyOf(config), DATA));
        assertNotEquals(BrokerSettings.from(config, DATA), BrokerSettings.from(Map.of("namesrvPort", "19001"), DATA));
    }

    @Test
    public void portOutOfRangeIsNamed() {
        assertEquals("namesrvPort=70000 is not allowed; expected an integer in [1, 65535]",
                rejected(Map.of("namesrvPort", "70000")));
    }

    @Test
    public void namesrvOnTheBrokersVipPortIsRefused() {
        String message = rejected(Map.of("namesrvPort", "20909"));
        assertTrue(message, message.contains("brokerPort - 2"));
    }

    @Test
    public void consumeQueueFileSizeMustHoldWholeEntries() {
        String message = rejected(Map.of("mappedFileSizeConsumeQueue", "600001"));
        assertTrue(message, message.contains("multiple of 20"));
    }

    @Test
    public void booleanMustBeTrueOrFalse() {
        assertEquals("autoCreateTopicEnable=yes is not allowed; expected true or false",
                rejected(Map.of("autoCreateTopicEnable", "yes")));
    }
}
