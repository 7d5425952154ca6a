package io.rocketconnect.process.flowable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.flowable.bpmn.model.FieldExtension;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.DelegateHelper;
import org.flowable.engine.delegate.JavaDelegate;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.process.ProducerResult;
import io.rocketconnect.process.ProducerTask;
import io.rocketconnect.process.ProducerTaskException;
import io.rocketconnect.process.ProducerTaskException.Reason;

/**
 * Runs a {@link ProducerTask} for a BPMN {@code serviceTask} with
 * {@code flowable:delegateExpression="${rocketmqProducer}"}. The task's parameters are the service
 * task's fields: a {@code flowable:string} field may hold {@code ${variable}} placeholders, which the
 * task fills from process variables; a {@code flowable:expression} field is evaluated by Flowable first.
 * <p>
 * A failed send throws {@link BpmnError} with code {@value #SEND_FAILED}, after putting the reason in
 * the variable {@code error} (with the task's result prefix), so a boundary error event can take the
 * process down its failure path. A bad parameter or an unknown adapter is a modelling or configuration
 * mistake, not a business outcome: it is thrown as a Flowable exception, which rolls the step back
 * (the caller sees it, or an async job records it).
 * <p>
 * The delegate keeps no state between calls: one instance serves every process and thread. Fields are
 * read from the model on each call, not injected into the instance.
 */
public class RocketmqProducerDelegate implements JavaDelegate {

    /** The BPMN error code of a failed send: {@code <error id="..." errorCode="rocketmqSendFailed"/>}. */
    public static final String SEND_FAILED = "rocketmqSendFailed";

    private final Function<String, RocketmqAPI> adapters;

    /**
     * @param adapters the RocketmqAPI of an adapter id, throwing {@link NoSuchAdapterException} if none
     *                 has it (in OSGi: {@code RocketmqAdapters::getRocketmqAPI})
     */
    public RocketmqProducerDelegate(Function<String, RocketmqAPI> adapters) {
        this.adapters = adapters;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (FieldExtension field : DelegateHelper.getFields(execution)) {
            Object value = DelegateHelper.createExpressionForField(field).getValue(execution);
            parameters.put(field.getFieldName(), value == null ? null : value.toString());
        }
        ProducerTask task;
        try {
            task = ProducerTask.from(parameters, execution.getVariables());
        } catch (ProducerTaskException e) {
            throw new FlowableIllegalArgumentException(where(execution) + e.getMessage(), e);
        }
        RocketmqAPI api;
        try {
            api = adapters.apply(task.adapterId());
        } catch (NoSuchAdapterException e) {
            throw new FlowableObjectNotFoundException(where(execution) + e.getMessage(), RocketmqAPI.class);
        }
        try {
            ProducerResult result = task.send(api);
            execution.setVariables(task.resultVariables(result));
        } catch (ProducerTaskException e) {
            if (e.reason() != Reason.SEND_FAILED) {
                throw new FlowableIllegalArgumentException(where(execution) + e.getMessage(), e);
            }
            execution.setVariable(task.errorVariable(), e.getMessage());
            throw new BpmnError(SEND_FAILED, e.getMessage());
        }
    }

    private static String where(DelegateExecution execution) {
        return "RocketMQ Producer task '" + execution.getCurrentActivityId() + "': ";
    }
}
