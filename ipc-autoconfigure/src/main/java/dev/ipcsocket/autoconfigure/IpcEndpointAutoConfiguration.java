package dev.ipcsocket.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcEndpoint;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link IpcEndpoint} ({@code /actuator/ipc} once exposed).
 */
@AutoConfiguration(after = IpcAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(IPCSocket.class)
@ConditionalOnAvailableEndpoint(IpcEndpoint.class)
public final class IpcEndpointAutoConfiguration {

	IpcEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IpcEndpoint ipcEndpoint(IPCSocket socket) {
		return new IpcEndpoint(socket);
	}

}
