package io.rocketconnect.testbroker;

/**
 * What kind of message a 5.x topic takes: its {@code message.type} attribute, which operators set with
 * {@code mqadmin updateTopic -a +message.type=FIFO}. A 5.x Proxy refuses a message whose kind differs
 * from its topic's (MESSAGE_PROPERTY_CONFLICT_WITH_TYPE): a message group needs a FIFO topic, a
 * delivery time a DELAY topic, a transactional half message a TRANSACTION topic, anything else a NORMAL
 * one. A topic created without the attribute is NORMAL. 4.x topics have no type.
 */
public enum TopicType {
    NORMAL, FIFO, DELAY, TRANSACTION
}
