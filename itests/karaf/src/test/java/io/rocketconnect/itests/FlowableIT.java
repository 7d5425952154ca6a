package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;

/**
 * The rocketmq-connector-flowable feature in a real Karaf: a Flowable engine on an H2 file through
 * pax-jdbc, a BPMN process deployed to it whose service task sends through an adapter, and a real
 * broker that receives the message. Plain JUnit assertions only (see RocketmqConnectorIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FlowableIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ENGINE = "(flowable.engine.name=rocketconnect)";

    @Inject
    private RocketmqAdapters adapters;

    @Inject
    @Filter(value = ENGINE, timeout = 120_000)
    private RepositoryService repository;

    @Inject
    @Filter(value = ENGINE, timeout = 120_000)
    private RuntimeService runtime;

    @Inject
    @Filter(value = ENGINE, timeout = 120_000)
    private TaskService tasks;

    @Configuration
    public Option[] config() {
        return KarafWithBroker.options("rocketmq-connector-flowable");
    }

    @Before
    public void deploy() throws Exception {
        if (repository.createProcessDefinitionQuery().processDefinitionKey("paymentReceived").count() == 0) {
            try (InputStream bpmn = getClass().getResourceAsStream("/processes/payment-received.bpmn20.xml")) {
                repository.createDeployment().name("payment-received").addInputStream("payment-received.bpmn20.xml", bpmn).deploy();
            }
        }
    }

    @Test
    public void serviceTaskSendsTheResolvedMessageAndTheInstanceKeepsItsResult() {
        ProcessInstance instance = runtime.startProcessInstanceByKey("paymentReceived", Map.of("adapter", "orders",
                "paymentId", "P-7", "invoice", "INV-2026-11", "amount", 42.5, "currency", "EUR"));

        assertEquals("the process went on along its normal path", "bookPayment",
                tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getTaskDefinitionKey());
        Map<String, Object> variables = runtime.getVariables(instance.getId());
        assertEquals("SEND_OK", variables.get("payment_sendStatus"));
        String msgId = (String) variables.get("payment_msgId");
        assertNotNull("payment_msgId in " + variables, msgId);

        List<MessageExt> received = new CopyOnWriteArrayList<>();
        try (ConsumerHandle consumer = adapters.getRocketmqAPI("orders").doConsume("flowable-it-check", c -> {
            c.subscribe(KarafWithBroker.PROCESS_TOPIC, "*");
            c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                received.addAll(messages);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(TIMEOUT).until(() -> received.stream().anyMatch(m -> m.getMsgId().equals(msgId)));
        }
        MessageExt message = received.stream().filter(m -> m.getMsgId().equals(msgId)).findFirst().orElseThrow();
        assertEquals("{\"payment\":\"P-7\",\"invoice\":\"INV-2026-11\",\"amount\":42.5}", new String(message.getBody(), UTF_8));
        assertEquals("paid", message.getTags());
        assertEquals("P-7 INV-2026-11", message.getKeys());
        assertEquals("EUR", message.getUserProperty("currency"));
        assertEquals(variables.get("payment_requestId"), message.getUserProperty(RocketmqAPI.REQUEST_ID));
    }

    @Test
    public void asyncServiceTaskSendsFromFlowablesJobExecutor() {
        ProcessInstance instance = runtime.startProcessInstanceByKey("refundIssued", Map.of("refundId", "R-3"));
        String msgId = await().atMost(TIMEOUT).until(() -> tasks.createTaskQuery().processInstanceId(instance.getId()).count() == 1
                ? (String) runtime.getVariable(instance.getId(), "msgId") : null, id -> id != null);
        assertEquals("SEND_OK", runtime.getVariable(instance.getId(), "sendStatus"));
        assertEquals("refund R-3", new String(adapters.getRocketmqAPI("orders").admin().viewMessage(KarafWithBroker.PROCESS_TOPIC, msgId)
                .getBody(), UTF_8));
    }

    @Test
    public void bpmnFileDroppedIntoDeployIsDeployedAndABrokenOneIsNamedInTheLog() throws Exception {
        Path deployFolder = Path.of(System.getProperty("karaf.base"), "deploy");
        Path good = deployFolder.resolve("invoice-sent.bpmn20.xml");
        Path broken = deployFolder.resolve("broken.bpmn");
        try (InputStream bpmn = getClass().getResourceAsStream("/processes/invoice-sent.bpmn20.xml")) {
            KarafFiles.writeAtomically(good, new String(bpmn.readAllBytes(), UTF_8));
        }
        KarafFiles.writeAtomically(broken, "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=");
        try {
            await().atMost(TIMEOUT).until(() -> repository.createProcessDefinitionQuery().processDefinitionKey("invoiceSent").count() == 1);
            ProcessInstance instance = runtime.startProcessInstanceByKey("invoiceSent", Map.of("invoice", "INV-9"));
            assertEquals("SEND_OK", runtime.getVariable(instance.getId(), "sendStatus"));
            await().atMost(TIMEOUT).until(() -> KarafFiles.karafLog().contains("broken.bpmn in deploy/ was not deployed"));
        } finally {
            Files.deleteIfExists(good);
            Files.deleteIfExists(broken);
        }
    }

    @Test
    public void failedSendFollowsTheBoundaryErrorPath() throws Exception {
        Path cfg = KarafFiles.etc("io.rocketconnect.adapter-unreachable.cfg");
        try (ServerSocket closed = new ServerSocket(0)) {
            // A NameServer address where nothing listens once the socket is closed: the broker is "down".
            KarafFiles.writeAtomically(cfg, "namesrvAddr = 127.0.0.1:" + closed.getLocalPort() + "\n");
        }
        try {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> adapters.getRocketmqAPI("unreachable") != null);

            ProcessInstance instance = runtime.startProcessInstanceByKey("paymentReceived", Map.of("adapter", "unreachable",
                    "paymentId", "P-8", "invoice", "INV-2026-12", "amount", 10, "currency", "EUR"));

            assertEquals("the boundary error event caught the failed send", "republishByHand",
                    tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getTaskDefinitionKey());
            Map<String, Object> variables = runtime.getVariables(instance.getId());
            String error = (String) variables.get("payment_error");
            assertTrue("the reason names topic and adapter: " + error,
                    error != null && error.contains("ConnectorItProcess") && error.contains("adapter 'unreachable' failed"));
            assertFalse("no msgId for a message not sent", variables.containsKey("payment_msgId"));
        } finally {
            Files.deleteIfExists(cfg);
        }
    }
}
