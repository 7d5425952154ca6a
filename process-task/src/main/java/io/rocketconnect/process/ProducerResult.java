package io.rocketconnect.process;

/**
 * What a producer task hands back to its process.
 *
 * @param requestId  the requestId of the send, as in the audit and file logs
 * @param msgId      the message id the broker assigned; null for an async send
 * @param sendStatus {@code SEND_OK} or the broker's other status; null for an async send
 */
public record ProducerResult(String requestId, String msgId, String sendStatus) {
}
