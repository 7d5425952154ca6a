/**
 * The RocketMQ connector's API: one {@link io.rocketconnect.api.RocketmqAPI} service per configured
 * adapter, found by its {@code adapter.id} service property or through
 * {@link io.rocketconnect.api.RocketmqAdapters}.
 */
@Export
@Version("2.0.0")
package io.rocketconnect.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
