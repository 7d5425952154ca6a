/**
 * Adapter configurations as operators and tools see them: {@link
 * io.rocketconnect.api.config.AdapterConfigurationService} lists, reads, checks, creates, updates and
 * deletes them, and holds the managed lock, so the shell, the web console, JMX and scripts all meet
 * the same rules. {@link io.rocketconnect.api.config.KeyDefinition} describes each key (name, type,
 * default, range) as the connector's metatype does.
 */
@Export
@Version("1.1.0")
package io.rocketconnect.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
