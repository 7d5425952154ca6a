package io.rocketconnect.process.flowable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.process.TestAdapters;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * A real Flowable engine (H2 in memory) runs processes whose service task is the producer delegate,
 * sending through adapters to a real NameServer and Broker; a consumer checks what arrived.
 */
public class RocketmqProducerDelegateTest {

    private static final String TOPIC = "ProcessTaskOrders";

    private static EmbeddedRocketmq broker;
    private static final Map<String, RocketmqAPI> adapters = new HashMap<>();
    private static ProcessEngine engine;
    private static RuntimeService runtime;

    @BeforeClass
    public static void start() throws IOException {
        broker = EmbeddedRocketmq.shared();
        broker.createTopic(TOPIC, 2);
        adapters.put("orders", TestAdapters.open("orders", broker.namesrvAddr()));
        // "Broker down": a NameServer address where nothing listens.
        try (ServerSocket closed = new ServerSocket(0)) {
            adapters.put("offline", TestAdapters.open("offline", "127.0.0.1:" + closed.getLocalPort()));
        }
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setJdbcUrl("jdbc:h2:mem:producer-task;DB_CLOSE_DELAY=-1");
        configuration.setDisableEventRegistry(true);
        configuration.setDisableIdmEngine(true);
        configuration.setAsyncExecutorActivate(false);
        configuration.setBeans(Map.of("rocketmqProducer", new RocketmqProducerDelegate(id -> {
            RocketmqAPI api = adapters.get(id);
            if (api == null) {
                throw new NoSuchAdapterException(id, adapters.keySet());
            }
            return api;
        })));
        engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addClasspathResource("processes/order-shipped.bpmn20.xml").deploy();
        runtime = engine.getRuntimeService();
    }

    @AfterClass
    public static void stop() {
        if (engine != null) {
            engine.close();
        }
        adapters.values().forEach(TestAdapters::close);
    }

    @Test
    public void instanceSendsTheResolvedMessageAndKeepsMsgIdSendStatusAndRequestId() {
        ProcessInstance instance = runtime.startProcessInstanceByKey("orderShipped",
                Map.of("adapterId", "orders", "orderId", "A-1001", "customer", "Ada", "priority", 7));

        Task next = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertEquals("the process went on along its normal path", "confirmShipment", next.getTaskDefinitionKey());
        Map<String, Object> variables = runtime.getVariables(instance.getId());
        assertEquals("SEND_OK", variables.get("sendStatus"));
        String msgId = (String) variables.get("msgId");
        assertNotNull("msgId variable", msgId);

        List<MessageExt> received = new CopyOnWriteArrayList<>();
        try (ConsumerHandle consumer = adapters.get("orders").doConsume("process-task-check", c -> {
            c.subscribe(TOPIC, "*");
            c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                received.addAll(messages);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(m -> m.getMsgId().equals(msgId)));
        }
        MessageExt message = received.stream().filter(m -> m.getMsgId().equals(msgId)).findFirst().orElseThrow();
        assertEquals("Order A-1001 shipped to Ada", new String(message.getBody(), UTF_8));
        assertEquals("shipped", message.getTags());
        assertEquals("A-1001 Ada", message.getKeys());
        assertEquals("high", message.getUserProperty("priority"));
        assertEquals("the requestId the process holds is the one the message carries",
                variables.get("requestId"), message.getUserProperty(RocketmqAPI.REQUEST_ID));
    }

    @Test
    public void failedSendTakesTheBoundaryErrorPathWithTheReason() {
        ProcessInstance instance = runtime.startProcessInstanceByKey("orderShipped",
                Map.of("adapterId", "offline", "orderId", "A-1002", "customer", "Bob", "priority", 1));

        Task next = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertEquals("the boundary error event caught the failed send", "investigateDelivery", next.getTaskDefinitionKey());
        Map<String, Object> variables = runtime.getVariables(instance.getId());
        assertThat((String) variables.get("error"), containsString("through adapter 'offline' failed"));
        assertFalse("no msgId for a message that was not sent", variables.containsKey("msgId"));
    }

    @Test
    public void missingVariableStopsTheStartWithItsNameAndSendsNothing() {
        long before = broker.messagesIn(TOPIC);
        FlowableIllegalArgumentException e = assertThrows(FlowableIllegalArgumentException.class,
                () -> runtime.startProcessInstanceByKey("orderShipped", Map.of("adapterId", "orders", "orderId", "A-1003", "priority", 1)));
        assertThat(e.getMessage(), containsString("'notifyShipment'"));
        assertThat(e.getMessage(), containsString("no variable 'customer'"));
        assertThat("the start was rolled back", runtime.createProcessInstanceQuery().variableValueEquals("orderId", "A-1003").list(), hasSize(0));
        assertEquals("nothing was sent", before, broker.messagesIn(TOPIC));
    }

    @Test
    public void unknownAdapterIsNamedWithTheKnownOnes() {
        FlowableObjectNotFoundException e = assertThrows(FlowableObjectNotFoundException.class,
                () -> runtime.startProcessInstanceByKey("orderShipped", Map.of("adapterId", "billing", "orderId", "A-1004", "customer", "Cy", "priority", 1)));
        assertThat(e.getMessage(), containsString("billing"));
        assertThat(e.getMessage(), containsString("orders"));
    }
}
