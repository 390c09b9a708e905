package dev.ipcsocket.uplink;

import org.junit.jupiter.api.Test;

import dev.ipcsocket.bus.BusUplink;
import dev.ipcsocket.bus.BusFrame;

import static org.assertj.core.api.Assertions.assertThat;

class IpcUplinkPropertiesTests {

	@Test
	void dedupeWindowDefaultIsTheBusDefault() {
		BusUplink busDefault = new BusUplink() {

			@Override
			public void start(Hub hub) {
			}

			@Override
			public void stop() {
			}

			@Override
			public void send(BusFrame.Data data) {
			}

		};

		assertThat(new IpcUplinkProperties().getDedupeWindow()).isEqualTo(busDefault.duplicateWindow());
	}

	@Test
	void offAndRejectingNewMessagesByDefault() {
		IpcUplinkProperties properties = new IpcUplinkProperties();

		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getOverflow()).isEqualTo(IpcUplinkProperties.Overflow.REJECT_NEW);
		assertThat(properties.getMaxHops()).isEqualTo(1);
	}

}
