package io.rocketconnect.impl.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.rocketconnect.api.config.InvalidConfigurationException;

public class AdapterSettingsTest {

    private static final Map<String, String> ENV = Map.of("NAMESRV", "10.0.0.5:9876", "NS_HOST", "mq.example");

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.rocketconnect.adapter-orders.cfg");
        config.put("namesrvAddr", "127.0.0.1:9876");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static AdapterSettings settings(Map<String, Object> config) {
        return AdapterSettings.from(config, ENV::get);
    }

    private static InvalidConfigurationException rejected(Map<String, Object> config) {
        return assertThrows(InvalidConfigurationException.class, () -> settings(config));
    }

    @Test
    public void minimalConfigurationGetsDefaults() {
        AdapterSettings settings = settings(config());
        assertEquals("orders", settings.id());
        assertEquals("orders", settings.config().name());
        assertEquals("127.0.0.1:9876", settings.namesrvAddr());
        assertEquals(0, settings.config().consumeThreadMin());
        assertEquals(20, settings.consumeThreadMin());
        assertEquals(20, settings.consumeThreadMax());
        assertEquals(1, settings.config().consumeMessageBatchMaxSize());
    }

    @Test
    public void explicitIdWinsOverFileName() {
        assertEquals("billing", settings(config("id", "billing")).id());
    }

    @Test
    public void idComesFromNamedFactoryPidWithoutFile() {
        Map<String, Object> config = config("service.pid", "io.rocketconnect.adapter~payments");
        config.remove("felix.fileinstall.filename");
        assertEquals("payments", settings(config).id());
    }

    @Test
    public void configurationWithoutAnyIdIsRejected() {
        Map<String, Object> config = config("service.pid", "io.rocketconnect.adapter.4f2a");
        config.remove("felix.fileinstall.filename");
        InvalidConfigurationException e = rejected(config);
        assertEquals("id", e.key());
        assertThat(e.getMessage(), containsString("io.rocketconnect.adapter-<id>.cfg"));
    }

    @Test
    public void idThatCouldBreakAFilterIsRejected() {
        InvalidConfigurationException e = rejected(config("id", "x)(adapter.id=*"));
        assertThat(e.getMessage(), allOf(containsString("id=x)(adapter.id=*"), containsString("A-Z a-z 0-9 _ . -")));
    }

    @Test
    public void threadsAndBatchAreReadFromStringsAndNumbers() {
        AdapterSettings settings = settings(config("consumeThreadMin", "4", "consumeThreadMax", 8,
                "consumeMessageBatchMaxSize", 16L));
        assertEquals(4, settings.consumeThreadMin());
        assertEquals(8, settings.consumeThreadMax());
        assertEquals(16, settings.config().consumeMessageBatchMaxSize());
    }

    @Test
    public void consumeThreadMaxAboveThousandNamesKeyValueAndRange() {
        InvalidConfigurationException e = rejected(config("consumeThreadMax", "1001"));
        assertEquals("consumeThreadMax", e.key());
        assertThat(e.getMessage(), allOf(containsString("consumeThreadMax=1001"), containsString("[0, 1000]")));
    }

    @Test
    public void negativeThreadsAreRejected() {
        assertEquals("consumeThreadMin", rejected(config("consumeThreadMin", "-1")).key());
    }

    @Test
    public void nonNumericThreadsAreRejectedByName() {
        InvalidConfigurationException e = rejected(config("consumeThreadMin", "many"));
        assertThat(e.getMessage(), allOf(containsString("consumeThreadMin=many"), containsString("an integer")));
    }

    @Test
    public void fractionalNumbersAreRejected() {
        assertEquals("consumeThreadMax", rejected(config("consumeThreadMax", 2.5d)).key());
    }

    @Test
    public void minAboveMaxIsRejected() {
        InvalidConfigurationException e = rejected(config("consumeThreadMin", "10", "consumeThreadMax", "5"));
        assertThat(e.getMessage(), allOf(containsString("consumeThreadMin=10"), containsString("consumeThreadMax (5)")));
    }

    @Test
    public void aMaxUnderTheDefaultAloneCapsThePoolAtIt() {
        AdapterSettings settings = settings(config("consumeThreadMax", "4"));
        assertEquals("the unset minimum follows the maximum", 4, settings.consumeThreadMin());
        assertEquals(4, settings.consumeThreadMax());
    }

    @Test
    public void aMinAboveTheDefaultAloneRaisesTheMaxToIt() {
        AdapterSettings settings = settings(config("consumeThreadMin", "30"));
        assertEquals(30, settings.consumeThreadMin());
        assertEquals("the unset maximum follows the minimum", 30, settings.consumeThreadMax());
    }

    @Test
    public void aMinUnderTheDefaultAloneKeepsTheDefaultMax() {
        AdapterSettings settings = settings(config("consumeThreadMin", "4"));
        assertEquals(4, settings.consumeThreadMin());
        assertEquals(20, settings.consumeThreadMax());
    }

    @Test
    public void everyBadKeyIsNamedAtOnce() {
        InvalidConfigurationException e = rejected(config("consumeThreadMax", "1001", "sendMsgTimeout", "0", "useTLS", "yes"));
        assertEquals(List.of("consumeThreadMax", "sendMsgTimeout", "useTLS"),
                e.problems().stream().map(InvalidConfigurationException.Problem::key).toList());
        assertThat(e.getMessage(), allOf(containsString("consumeThreadMax=1001"), containsString(" | sendMsgTimeout=0"),
                containsString(" | useTLS=yes")));
    }

    @Test
    public void batchOfZeroIsRejected() {
        InvalidConfigurationException e = rejected(config("consumeMessageBatchMaxSize", "0"));
        assertThat(e.getMessage(), allOf(containsString("consumeMessageBatchMaxSize=0"), containsString("[1, 1024]")));
    }

    @Test
    public void missingNamesrvAddrIsRejected() {
        Map<String, Object> config = config();
        config.remove("namesrvAddr");
        assertThat(rejected(config).getMessage(), containsString("namesrvAddr is missing"));
    }

    @Test
    public void namesrvListAcceptsSeveralAddresses() {
        assertEquals("a:1;b.example:9876", settings(config("namesrvAddr", "a:1; b.example:9876")).namesrvAddr());
    }

    @Test
    public void namesrvWithoutPortIsRejected() {
        InvalidConfigurationException e = rejected(config("namesrvAddr", "127.0.0.1:9876;localhost"));
        assertThat(e.getMessage(), containsString("'localhost' is not host:port"));
    }

    @Test
    public void namesrvPortOutOfRangeIsRejected() {
        assertThat(rejected(config("namesrvAddr", "host:70000")).getMessage(), containsString("port 70000"));
    }

    @Test
    public void emptySegmentInNamesrvListIsRejected() {
        assertEquals("namesrvAddr", rejected(config("namesrvAddr", "a:1;;b:2")).key());
    }

    @Test
    public void envFormulaIsResolved() {
        assertEquals("10.0.0.5:9876", settings(config("namesrvAddr", "@env(NAMESRV)")).namesrvAddr());
    }

    @Test
    public void karafEnvSyntaxIsResolvedToo() {
        assertEquals("mq.example:9876", settings(config("namesrvAddr", "${env:NS_HOST}:9876")).namesrvAddr());
    }

    @Test
    public void unsetEnvironmentVariableIsNamed() {
        InvalidConfigurationException e = rejected(config("namesrvAddr", "@env(ROCKETMQ_NAMESRV)"));
        assertEquals("namesrvAddr", e.key());
        assertThat(e.getMessage(), containsString("environment variable ROCKETMQ_NAMESRV"));
    }

    @Test
    public void servicePropertiesCarryAdapterIdAndSettings() {
        Map<String, Object> properties = settings(config("description", "order events")).serviceProperties();
        assertThat(properties, hasEntry("adapter.id", (Object) "orders"));
        assertThat(properties, hasEntry("description", (Object) "order events"));
        assertThat(properties.get("namesrvAddr"), is("127.0.0.1:9876"));
    }

    @Test
    public void newKeysHaveRocketmqDefaults() {
        AdapterSettings settings = settings(config("id", "order.events"));
        assertEquals("order_events-producer", settings.producerGroup());
        assertEquals(3000, settings.config().sendMsgTimeout());
        assertEquals(2, settings.config().retryTimesWhenSendFailed());
        assertEquals("CONSUME_FROM_LAST_OFFSET", settings.config().consumeFromWhere());
        assertEquals(-1, settings.config().maxReconsumeTimes());
        assertEquals("minutes, as the client's default", 15, settings.config().consumeTimeout());
        assertEquals(null, settings.accessKey());
        assertEquals(false, settings.config().useTLS());
        assertEquals(false, settings.config().sendLatencyFaultEnable());
        assertTrue(settings(config("sendLatencyFaultEnable", "true")).config().sendLatencyFaultEnable());
        assertEquals("an option in another case is read in the metatype's spelling", "CONSUME_FROM_FIRST_OFFSET",
                settings(config("consumeFromWhere", "consume_from_first_offset")).config().consumeFromWhere());
    }

    @Test
    public void secretKeyNeverReachesServicePropertiesOrToString() {
        AdapterSettings settings = settings(config("accessKey", "orders-app", ".secretKey", "s3cr3t-Value"));
        assertEquals("s3cr3t-Value", settings.secretKey());
        assertThat(properties(settings), allOf(containsString("orders-app"), not(containsString("s3cr3t"))));
        assertThat(settings.toString(), allOf(containsString("secretKey=****"), not(containsString("s3cr3t"))));
    }

    private static String properties(AdapterSettings settings) {
        return settings.serviceProperties().toString();
    }

    @Test
    public void accessKeyWithoutSecretIsRejected() {
        InvalidConfigurationException e = rejected(config("accessKey", "orders-app"));
        assertEquals(".secretKey", e.key());
        assertThat(e.getMessage(), containsString("ACL needs both"));
    }

    @Test
    public void unsetEnvironmentVariableInTheSecretDoesNotShowTheValue() {
        InvalidConfigurationException e = rejected(config("accessKey", "a", ".secretKey", "@env(NOT_SET_SECRET)"));
        assertThat(e.getMessage(), allOf(containsString(".secretKey=****"), not(containsString("NOT_SET_SECRET"))));
    }

    @Test
    public void secretFromEnvironmentIsResolved() {
        Map<String, Object> config = config("accessKey", "a", ".secretKey", "@env(NAMESRV)");
        assertEquals("10.0.0.5:9876", settings(config).secretKey());
    }

    @Test
    public void unknownConsumeFromIsRejectedWithTheChoices() {
        InvalidConfigurationException e = rejected(config("consumeFromWhere", "BEGINNING"));
        assertThat(e.getMessage(), allOf(containsString("consumeFromWhere=BEGINNING"), containsString("CONSUME_FROM_FIRST_OFFSET")));
    }

    @Test
    public void consumeTimeoutIsInMinutesFromOneToADay() {
        assertEquals(1, settings(config("consumeTimeout", "1")).config().consumeTimeout());
        assertThat(rejected(config("consumeTimeout", "0")).getMessage(),
                allOf(containsString("consumeTimeout=0"), containsString("[1, 1440]")));
    }

    @Test
    public void booleansMustBeTrueOrFalse() {
        assertThat(rejected(config("useTLS", "yes")).getMessage(), containsString("true or false"));
    }

    @Test
    public void producerGroupFollowsRocketmqRules() {
        assertThat(rejected(config("producerGroup", "my group")).getMessage(), containsString("producerGroup=my group"));
    }

    @Test
    public void negativeSendTimeoutIsRejected() {
        assertEquals("sendMsgTimeout", rejected(config("sendMsgTimeout", "-5")).key());
    }

    @Test
    public void namespaceFollowsRocketmqRules() {
        assertEquals("namespace", rejected(config("namespace", "a.b")).key());
    }

    @Test
    public void aTraceTopicTheClientWouldRefuseIsRefusedByName() {
        assertEquals("traceTopic=bad topic is not allowed; expected a RocketMQ topic name (The specified topic[bad topic] contains "
                + "illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$)", rejected(config("traceTopic", "bad topic")).getMessage());
    }

    // ---- transport

    private static Map<String, Object> grpc(Object... keysAndValues) {
        Map<String, Object> config = config("transport", "grpc", "endpoints", "127.0.0.1:8081");
        config.remove("namesrvAddr");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    @Test
    public void transportIsRemotingUnlessSaid() {
        assertEquals(Transport.REMOTING, settings(config()).transport());
        assertEquals(null, settings(config()).endpoints());
    }

    @Test
    public void grpcTakesEndpointsInsteadOfNamesrvAddr() {
        AdapterSettings settings = settings(grpc("endpoints", "proxy-a:8081; proxy-b:8081", "transport", "GRPC"));
        assertEquals(Transport.GRPC, settings.transport());
        assertEquals("proxy-a:8081;proxy-b:8081", settings.endpoints());
        assertEquals(null, settings.namesrvAddr());
        assertThat(settings.toString(), containsString("grpc endpoints=proxy-a:8081;proxy-b:8081"));
    }

    @Test
    public void eachTransportRequiresItsOwnAddress() {
        Map<String, Object> remoting = config();
        remoting.remove("namesrvAddr");
        assertEquals("namesrvAddr", rejected(remoting).key());
        Map<String, Object> grpc = grpc();
        grpc.remove("endpoints");
        InvalidConfigurationException e = rejected(grpc);
        assertEquals("endpoints", e.key());
        assertThat(e.getMessage(), containsString("required"));
        assertThat(rejected(grpc("endpoints", "proxy:http")).getMessage(), containsString("'proxy:http' is not host:port"));
    }

    @Test
    public void aKeyOfTheOtherTransportIsRefusedByName() {
        InvalidConfigurationException onGrpc = rejected(grpc("namesrvAddr", "127.0.0.1:9876", "consumeMessageBatchMaxSize", "8"));
        assertThat(onGrpc.getMessage(), allOf(containsString("namesrvAddr=127.0.0.1:9876"),
                containsString("consumeMessageBatchMaxSize=8"), containsString("applies to transport=remoting only"),
                containsString("this adapter has transport=grpc")));
        InvalidConfigurationException onRemoting = rejected(config("endpoints", "127.0.0.1:8081"));
        assertEquals("endpoints", onRemoting.key());
        assertThat(onRemoting.getMessage(), containsString("applies to transport=grpc only"));
    }

    @Test
    public void keysBothTransportsUseAreAcceptedOnGrpc() {
        AdapterSettings settings = settings(grpc("accessKey", "ak", ".secretKey", "sk", "namespace", "ns1", "useTLS", "true",
                "sendMsgTimeout", "5000", "retryTimesWhenSendFailed", "3", "consumeThreadMax", "8"));
        assertEquals("ak", settings.accessKey());
        assertEquals(5000, settings.config().sendMsgTimeout());
        assertEquals(8, settings.consumeThreadMax());
    }

    @Test
    public void anUnknownTransportIsRefused() {
        InvalidConfigurationException e = rejected(config("transport", "http"));
        assertEquals("transport", e.key());
        assertThat(e.getMessage(), allOf(containsString("transport=http"), containsString("grpc")));
    }
}
