/**
 * The "RocketMQ Producer" task of a business process, independent of the engine that runs it:
 * {@link io.rocketconnect.process.ProducerTask} reads the task's declared parameters, resolves
 * {@code ${variable}} expressions from process variables, sends through an adapter's
 * {@link io.rocketconnect.api.RocketmqAPI}, and names the result variables.
 */
@Export
@Version("1.0.0")
package io.rocketconnect.process;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
