package io.rocketconnect.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.impl.config.AdapterConfigurationServiceImpl;

/** Each command made with new, its fields set, execute() called: its output and what it wrote. */
public class AdapterCommandsTest {

    /** No adapter is up. */
    private static final RocketmqAdapters ADAPTERS = TestAdapters.none(configuration -> { });

    private final InMemoryConfigurationAdmin configAdmin = new InMemoryConfigurationAdmin();
    /** The connector's own service, over ConfigurationAdmin in memory: its rules and lock, not a stand-in. */
    private final AdapterConfigurationService configurations = new AdapterConfigurationServiceImpl(configAdmin.service(), ADAPTERS);
    @Rule
    public final CapturedOutput out = new CapturedOutput();

    private String output() {
        return out.text();
    }

    private CreateCommand create(String id, String namesrv, String... settings) {
        CreateCommand command = new CreateCommand();
        command.configurations = configurations;
        command.id = id;
        command.namesrvAddr = namesrv;
        command.settings = List.of(settings);
        return command;
    }

    private UpdateCommand update(String id, String... settings) {
        UpdateCommand command = new UpdateCommand();
        command.configurations = configurations;
        command.id = id;
        command.settings = List.of(settings);
        return command;
    }

    private DeleteCommand delete(String id) {
        DeleteCommand command = new DeleteCommand();
        command.configurations = configurations;
        command.id = id;
        return command;
    }

    private static String message(Class<? extends Exception> type, Callable<?> call) {
        return assertThrows(type, call::call).getMessage();
    }

    @Test
    public void createWritesANamedFactoryConfiguration() throws Exception {
        // The connector checks that an @env variable is set in Karaf's environment: PATH is, in any JVM.
        CreateCommand command = create("orders", "127.0.0.1:9876", "consumeThreadMax=8", ".secretKey=@env(PATH)", "accessKey=app");
        command.description = "Order events";
        command.app = "shop";
        command.execute();
        Map<String, Object> written = configAdmin.configurations.get("io.rocketconnect.adapter~orders");
        assertEquals("orders", written.get("id"));
        assertEquals("127.0.0.1:9876", written.get("namesrvAddr"));
        assertEquals("8", written.get("consumeThreadMax"));
        assertEquals("shop", written.get("app.id"));
        assertEquals("the formula is stored, never its value", "@env(PATH)", written.get(".secretKey"));
        assertEquals("Adapter 'orders' created (configuration io.rocketconnect.adapter~orders)\n", output());
    }

    @Test
    public void createRefusesWhatTheConnectorWouldRefuseAndWritesNothing() {
        assertEquals("consumeThreadMax=1001 is not allowed; expected an integer in [0, 1000]",
                message(IllegalArgumentException.class, () -> create("orders", "h:1", "consumeThreadMax=1001").execute()));
        assertEquals("key=value argument 1 is not key=value (its text is not shown, in case it is a secret)",
                message(IllegalArgumentException.class, () -> create("orders", "h:1", "hunter2").execute()));
        assertEquals("consumeThreadmax=8 is not allowed; expected a key of an adapter configuration; 'consumeThreadmax' is "
                        + "none (see rocketmq:info or the README's key table)",
                message(IllegalArgumentException.class, () -> create("orders", "h:1", "consumeThreadmax=8").execute()));
        assertTrue(configAdmin.configurations.isEmpty());
    }

    @Test
    public void createRefusesAnExistingId() {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1"));
        assertEquals("Adapter 'orders' exists already; update it instead",
                message(IllegalStateException.class, () -> create("orders", "h:2").execute()));
    }

    @Test
    public void updateChangesAndRemovesKeysAndMasksSecretsInItsOutput() throws Exception {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1", "description", "old", "stray", "x"));
        update("orders", "consumeThreadMax=4", "description=", "accessKey=app", ".secretKey=hunter2").execute();
        Map<String, Object> written = configAdmin.configurations.get("io.rocketconnect.adapter~orders");
        assertEquals("4", written.get("consumeThreadMax"));
        assertFalse(written.containsKey("description"));
        assertEquals("fileinstall's note of the file stays, so the change is saved to it",
                "file:/opt/karaf/etc/io.rocketconnect.adapter-orders.cfg", written.get("felix.fileinstall.filename"));
        assertEquals("a key the connector does not know may be removed, never set", "stray=y is not allowed; expected a key "
                + "of an adapter configuration; 'stray' is none (see rocketmq:info or the README's key table)",
                message(IllegalArgumentException.class, () -> update("orders", "stray=y").execute()));
        update("orders", "stray=").execute();
        assertFalse(configAdmin.configurations.get("io.rocketconnect.adapter~orders").containsKey("stray"));
        assertTrue(output(), output().startsWith(
                "Adapter 'orders' updated: consumeThreadMax=4, description removed, accessKey=app, .secretKey=****\n"));
        assertFalse(output().contains("hunter2"));
    }

    @Test
    public void managedAdapterRefusesUpdateAndDeleteNamingItsApp() {
        configAdmin.put("payments", Map.of("namesrvAddr", "h:1", "managed", "true", "app.id", "billing"));
        assertEquals("Adapter 'payments' is managed by app 'billing' and cannot be changed here; "
                        + "change it where that app is deployed (its file /opt/karaf/etc/io.rocketconnect.adapter-payments.cfg)",
                message(IllegalStateException.class, () -> update("payments", "consumeThreadMax=4").execute()));
        assertEquals("Adapter 'payments' is managed by app 'billing' and cannot be deleted here; "
                        + "change it where that app is deployed (its file /opt/karaf/etc/io.rocketconnect.adapter-payments.cfg)",
                message(IllegalStateException.class, () -> delete("payments").execute()));
        assertEquals("unlocking is a change too", "Adapter 'payments' is managed by app 'billing' and cannot be changed here; "
                        + "change it where that app is deployed (its file /opt/karaf/etc/io.rocketconnect.adapter-payments.cfg)",
                message(IllegalStateException.class, () -> update("payments", "managed=false").execute()));
        assertEquals("h:1", configAdmin.configurations.get("io.rocketconnect.adapter~payments").get("namesrvAddr"));
        assertFalse(configAdmin.configurations.get("io.rocketconnect.adapter~payments").containsKey("consumeThreadMax"));
    }

    @Test
    public void deleteRemovesTheConfigurationFoundByTheIdInItsFileName() throws Exception {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1"));
        delete("orders").execute();
        assertTrue(configAdmin.configurations.isEmpty());
        assertEquals("Adapter 'orders' deleted\n", output());
    }

    @Test
    public void unknownIdIsNamed() {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1"));
        assertEquals("No adapter configuration with id 'nope'; configured: orders",
                message(IllegalArgumentException.class, () -> delete("nope").execute()));
    }

    @Test
    public void infoShowsSettingsWithSecretsMaskedAndTheState() throws Exception {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1", "accessKey", "app", ".secretKey", "hunter2"));
        InfoCommand command = new InfoCommand();
        command.configurations = configurations;
        command.id = "orders";
        command.execute();
        assertTrue(output(), output().contains("  .secretKey = ****"));
        assertTrue(output(), output().contains("  accessKey = app"));
        assertTrue(output(), output().contains("  state = down: the configuration is valid, but no adapter 'orders' is registered"));
        assertFalse(output().contains("hunter2"));
    }

    @Test
    public void infoAndListNameWhyAnAdapterIsDown() throws Exception {
        configAdmin.put("bad", Map.of("namesrvAddr", "h:1", "consumeThreadMax", "1001"));
        InfoCommand info = new InfoCommand();
        info.configurations = configurations;
        info.id = "bad";
        info.execute();
        assertTrue(output(), output().contains("  state = down: consumeThreadMax=1001 is not allowed; expected an integer in [0, 1000]"));
        ListCommand list = new ListCommand();
        list.configurations = configurations;
        list.execute();
        assertTrue(output(), output().lines().anyMatch(line -> line.startsWith("bad") && line.contains("down: consumeThreadMax=1001")));
    }

    @Test
    public void listShowsEveryConfigurationWithItsLock() throws Exception {
        configAdmin.put("orders", Map.of("namesrvAddr", "h:1", "description", "Order events"));
        configAdmin.put("payments", Map.of("namesrvAddr", "h:2", "managed", "true", "app.id", "billing"));
        ListCommand command = new ListCommand();
        command.configurations = configurations;
        command.execute();
        List<String> lines = output().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(2), lines.get(2).startsWith("orders") && lines.get(2).contains("Order events") && lines.get(2).contains("down"));
        assertTrue(lines.get(3), lines.get(3).startsWith("payments") && lines.get(3).contains("billing") && lines.get(3).contains("locked"));
    }

    @Test
    public void sendCountOutOfRangeIsRefused() {
        SendCommand command = new SendCommand();
        command.adapters = ADAPTERS;
        command.adapterId = "orders";
        command.topic = "T";
        command.body = "b";
        command.count = 0;
        assertEquals("--count 0 is not in 1..10000", message(IllegalArgumentException.class, command::execute));
    }

    @Test
    public void bodiesThatAreNotTextArePrintedAsHex() {
        assertEquals("hello", ConsumeCommand.body("hello".getBytes(UTF_8)));
        assertEquals("0xfffe01", ConsumeCommand.body(new byte[] {(byte) 0xff, (byte) 0xfe, 1}));
    }

    @Test
    public void queryNeedsExactlyOneOfMsgIdAndKey() {
        QueryCommand command = new QueryCommand();
        command.adapters = ADAPTERS;
        command.adapterId = "orders";
        command.topic = "T";
        assertEquals("give either --msg-id or --key", message(IllegalArgumentException.class, command::execute));
        command.msgId = "A";
        command.key = "k";
        assertEquals("give either --msg-id or --key", message(IllegalArgumentException.class, command::execute));
    }
}
