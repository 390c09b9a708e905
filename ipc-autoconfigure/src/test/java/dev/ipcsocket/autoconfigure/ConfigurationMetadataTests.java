package dev.ipcsocket.autoconfigure;

import dev.ipcsocket.testsupport.AbstractConfigurationMetadataTests;

/**
 * The starter's configuration metadata, as {@link AbstractConfigurationMetadataTests} checks it,
 * with the health indicator's and the endpoint's switches.
 */
class ConfigurationMetadataTests extends AbstractConfigurationMetadataTests {

	@Override
	protected String[] switches() {
		return new String[] { "management.health.ipc.enabled", "management.endpoint.ipc.access" };
	}

}
