package dev.ipcsocket.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.actuate.IpcEndpoint;
import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link IpcEndpoint} ({@code /actuator/ipc} once exposed).
 */
@AutoConfiguration(after = { IpcAutoConfiguration.class, IpcCoordinationAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(IPCSocket.class)
@ConditionalOnAvailableEndpoint(IpcEndpoint.class)
public final class IpcEndpointAutoConfiguration {

	IpcEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IpcEndpoint ipcEndpoint(IPCSocket socket, ObjectProvider<SiblingLeadership> leadership,
			ObjectProvider<SiblingLockRegistry> locks) {
		return new IpcEndpoint(socket, leadership.getIfUnique(), locks.getIfUnique());
	}

}
