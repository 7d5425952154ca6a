package io.rocketconnect.process.flowable.engine;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.process.flowable.RocketmqProducerDelegate;

/**
 * A Flowable process engine in Karaf, on the DataSource the configuration selects, with the producer
 * task as the bean {@code rocketmqProducer}. Its ProcessEngine, RepositoryService, RuntimeService,
 * TaskService, HistoryService and ManagementService are registered as OSGi services for bundles that
 * deploy and start processes. Flowable publishes no OSGi integration of its own for 6.8 (see
 * docs/decisions.md), so this component is it.
 */
@Component(configurationPid = FlowableEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FlowableEngineComponent.Config.class)
public class FlowableEngineComponent {

    public static final String PID = "io.rocketconnect.flowable";

    /** Service property naming the engine, on each registered service. */
    public static final String ENGINE_NAME = "flowable.engine.name";

    @ObjectClassDefinition(name = "RocketConnect Flowable engine",
            description = "The Flowable process engine that runs RocketMQ Producer service tasks")
    public @interface Config {

        @AttributeDefinition(name = "DataSource", description = "Filter selecting the engine's javax.sql.DataSource service "
                + "(pax-jdbc registers one per org.ops4j.datasource configuration).")
        String dataSource_target() default "(dataSourceName=rocketconnect-flowable)";

        @AttributeDefinition(name = "Engine name", description = "Flowable's engine name, also the " + ENGINE_NAME + " service property.")
        String name() default "rocketconnect";

        @AttributeDefinition(name = "Schema update", description = "Flowable's databaseSchemaUpdate: true creates or upgrades "
                + "the tables, false only checks them.", options = {
                        @org.osgi.service.metatype.annotations.Option(label = "create or upgrade", value = "true"),
                        @org.osgi.service.metatype.annotations.Option(label = "check only", value = "false") })
        String databaseSchemaUpdate() default "true";

        @AttributeDefinition(name = "Async executor", description = "Run async continuations and timers in this engine.")
        boolean asyncExecutorActivate() default true;

        @AttributeDefinition(name = "Producer bean", description = "The name processes use for the producer task: "
                + "flowable:delegateExpression=\"${rocketmqProducer}\".")
        String producerBean() default "rocketmqProducer";
    }

    private static final Logger LOG = LoggerFactory.getLogger(FlowableEngineComponent.class);

    private final ProcessEngine engine;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public FlowableEngineComponent(BundleContext context, Config config, @Reference DataSource dataSource,
            @Reference RocketmqAdapters adapters) {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setEngineName(config.name());
        configuration.setDataSource(dataSource);
        configuration.setDatabaseSchemaUpdate(config.databaseSchemaUpdate());
        configuration.setAsyncExecutorActivate(config.asyncExecutorActivate());
        // The event registry keeps its tables with Liquibase, which needs a flat class path; the IDM
        // engine holds users Karaf already has. The process engine needs neither.
        configuration.setDisableEventRegistry(true);
        configuration.setDisableIdmEngine(true);
        configuration.setBeans(Map.of(config.producerBean(), new RocketmqProducerDelegate(adapters::getRocketmqAPI)));
        ClassLoader flowable = new FlowableBundlesClassLoader(context, FlowableEngineComponent.class.getClassLoader());
        configuration.setClassLoader(flowable);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // MyBatis reads Flowable's mapping files and entity classes through the context class loader.
        thread.setContextClassLoader(flowable);
        try {
            engine = configuration.buildProcessEngine();
        } finally {
            thread.setContextClassLoader(previous);
        }
        Dictionary<String, Object> properties = new Hashtable<>(Map.of(ENGINE_NAME, config.name()));
        registrations.add(context.registerService(ProcessEngine.class, engine, properties));
        registrations.add(context.registerService(RepositoryService.class, engine.getRepositoryService(), properties));
        registrations.add(context.registerService(RuntimeService.class, engine.getRuntimeService(), properties));
        registrations.add(context.registerService(TaskService.class, engine.getTaskService(), properties));
        registrations.add(context.registerService(HistoryService.class, engine.getHistoryService(), properties));
        registrations.add(context.registerService(ManagementService.class, engine.getManagementService(), properties));
        LOG.info("Flowable process engine '{}' started; service tasks send with flowable:delegateExpression=\"${{}}\"",
                config.name(), config.producerBean());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
        engine.close();
        LOG.info("Flowable process engine '{}' stopped", engine.getName());
    }
}
