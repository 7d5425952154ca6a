package io.rocketconnect.alternatives;

import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * camel-rocketmq as a Camel user writes it: a ProducerTemplate to a {@code rocketmq:} endpoint, and a
 * route from one.
 */
public class CamelRocketmq implements Alternative {

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate template;
    private final String producerUri;
    private final String namesrvAddr;

    public CamelRocketmq(String namesrvAddr, String topic, String producerGroup) {
        this.namesrvAddr = namesrvAddr;
        this.producerUri = "rocketmq:" + topic + "?namesrvAddr=" + namesrvAddr + "&producerGroup=" + producerGroup + "&sendTag=bench";
        camel.start();
        template = camel.createProducerTemplate();
    }

    @Override
    public void sendSync(byte[] body) {
        template.sendBody(producerUri, body);
    }

    @Override
    public void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) {
        template.asyncSendBody(producerUri, body).whenComplete((result, error) -> {
            if (error != null) {
                failed.accept(error);
            } else {
                done.run();
            }
        });
    }

    @Override
    public void consume(String topic, String group, Runnable received) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rocketmq:" + topic + "?namesrvAddr=" + namesrvAddr + "&consumerGroup=" + group + "&subscribeTags=*")
                        .routeId("consume-" + group).process(exchange -> received.run());
            }
        });
    }

    @Override
    public void stopConsuming() throws Exception {
        for (var route : camel.getRoutes()) {
            camel.getRouteController().stopRoute(route.getRouteId());
            camel.removeRoute(route.getRouteId());
        }
    }

    @Override
    public void close() throws Exception {
        template.stop();
        camel.close();
    }
}
