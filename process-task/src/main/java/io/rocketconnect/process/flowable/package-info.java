/**
 * The producer task in Flowable: {@link io.rocketconnect.process.flowable.RocketmqProducerDelegate},
 * which a BPMN {@code serviceTask} names, and in Karaf the process engine the connector runs it in.
 */
@Export
@Version("1.0.0")
package io.rocketconnect.process.flowable;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
