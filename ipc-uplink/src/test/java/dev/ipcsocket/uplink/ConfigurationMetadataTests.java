package dev.ipcsocket.uplink;

import dev.ipcsocket.testsupport.AbstractConfigurationMetadataTests;

/**
 * The uplink's configuration metadata, as {@link AbstractConfigurationMetadataTests} checks it,
 * with the switch of its health indicator.
 */
class ConfigurationMetadataTests extends AbstractConfigurationMetadataTests {

	@Override
	protected String[] switches() {
		return new String[] { "management.health.ipcUplink.enabled" };
	}

}
