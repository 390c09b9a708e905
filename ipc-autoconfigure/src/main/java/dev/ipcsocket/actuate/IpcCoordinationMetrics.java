package dev.ipcsocket.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.coordination.SiblingLeadership;
import dev.ipcsocket.coordination.SiblingLockRegistry;

/**
 * Micrometer meters of the sibling locks and leadership, read from their counters when the
 * registry publishes. Tagged with the lock directory ({@code directory}).
 */
public class IpcCoordinationMetrics implements MeterBinder {

	private final SiblingLockRegistry locks;

	private final @Nullable SiblingLeadership leadership;

	public IpcCoordinationMetrics(SiblingLockRegistry locks, @Nullable SiblingLeadership leadership) {
		this.locks = locks;
		this.leadership = leadership;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("directory", this.locks.getDirectory().toString());
		FunctionTimer.builder("ipc.lock.wait", this.locks, SiblingLockRegistry::acquisitions,
				SiblingLockRegistry::totalWaitNanos, TimeUnit.NANOSECONDS)
			.description("Acquisitions of sibling locks and the time they waited")
			.tags(tags)
			.register(registry);
		Gauge.builder("ipc.locks.held", this.locks, (locks) -> locks.heldLocks().size())
			.description("Sibling locks a thread of this member holds now")
			.tags(tags)
			.register(registry);
		SiblingLeadership roles = this.leadership;
		if (roles != null) {
			FunctionCounter.builder("ipc.leadership.changes", roles, SiblingLeadership::changes)
				.description("Roles this member was granted or lost")
				.tags(tags)
				.register(registry);
			Gauge.builder("ipc.leadership.leads", roles, (leadership) -> leadership.ledRoles().size())
				.description("Roles this member leads now")
				.tags(tags)
				.register(registry);
		}
	}

}
