package dev.ipcsocket.coordination;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * Leadership of roles among siblings: one Spring Integration {@link LockRegistryLeaderInitiator}
 * per role over a {@link SiblingLockRegistry}, publishing {@code OnGrantedEvent} and
 * {@code OnRevokedEvent} (so that {@code @Role} endpoints start only on the leader), and knowing
 * which roles this JVM leads.
 * <p>
 * A leader is told it is revoked before its lock is released, so the next leader is granted only
 * after that, and {@link #runIfLeader} never runs a task beside another sibling's run: the
 * release waits for a running task.
 */
public final class SiblingLeadership implements SmartLifecycle {

	/** Started late and stopped early, after and before the endpoints it starts. */
	public static final int PHASE = Integer.MAX_VALUE - 1000;

	private static final Log logger = LogFactory.getLog(SiblingLeadership.class);

	private final SiblingLockRegistry registry;

	private final Map<String, RoleLeadership> roles = new LinkedHashMap<>();

	private final LongAdder changes = new LongAdder();

	private volatile boolean running;

	/**
	 * Create the leadership of roles.
	 * @param registry the locks, one per role, named as the role
	 * @param candidateId this member's id in the events' context
	 * @param roles the roles to compete for
	 * @param heartbeat how long an attempt to take a role waits for its lock, and how often the
	 * leader checks its lock
	 * @param eventPublisher where the leader events go
	 */
	public SiblingLeadership(SiblingLockRegistry registry, String candidateId, List<String> roles,
			Duration heartbeat, ApplicationEventPublisher eventPublisher) {
		this.registry = registry;
		DefaultLeaderEventPublisher publisher = new DefaultLeaderEventPublisher(eventPublisher);
		for (String role : roles) {
			this.roles.put(role, new RoleLeadership(role, candidateId, heartbeat, publisher));
		}
	}

	/**
	 * Whether this JVM leads a role now.
	 * @param role the role
	 * @return {@code true} between its grant and its revocation
	 */
	public boolean isLeader(String role) {
		RoleLeadership leadership = this.roles.get(role);
		return leadership != null && leadership.leader && this.registry.isHeldInThisJvm(role);
	}

	/**
	 * Run a task if this JVM leads a role; a hand-over of the role waits until the task returns.
	 * @param role the role
	 * @param task what to run, briefly
	 * @return whether the task ran
	 */
	public boolean runIfLeader(String role, Runnable task) {
		RoleLeadership leadership = this.roles.get(role);
		if (leadership == null) {
			throw new IllegalArgumentException(
					"'" + role + "' is not a role of ipc.leadership.roles " + this.roles.keySet());
		}
		Lock guard = leadership.guard.readLock();
		guard.lock();
		try {
			if (!isLeader(role)) {
				return false;
			}
			task.run();
			return true;
		}
		finally {
			guard.unlock();
		}
	}

	/**
	 * Give up a role this JVM leads, so that another sibling may take it; this JVM competes again
	 * right after.
	 * @param role the role
	 */
	public void yieldLeadership(String role) {
		RoleLeadership leadership = this.roles.get(role);
		if (leadership != null && leadership.leader) {
			leadership.initiator.getContext().yield();
		}
	}

	/**
	 * The leader initiator's context of a role, as handed to the leader events.
	 * @param role the role
	 * @return its context, or {@code null} for a role not configured
	 */
	public @Nullable Context getContext(String role) {
		RoleLeadership leadership = this.roles.get(role);
		return (leadership != null) ? leadership.initiator.getContext() : null;
	}

	/**
	 * The roles competed for.
	 * @return the roles, in configuration order
	 */
	public Set<String> roles() {
		return Collections.unmodifiableSet(this.roles.keySet());
	}

	/**
	 * The roles this JVM leads now.
	 * @return the roles, sorted
	 */
	public Set<String> ledRoles() {
		Set<String> led = new TreeSet<>();
		this.roles.keySet().stream().filter(this::isLeader).forEach(led::add);
		return led;
	}

	/**
	 * How often this JVM gained or lost the leadership of a role.
	 * @return grants plus revocations since it was created
	 */
	public long changes() {
		return this.changes.sum();
	}

	@Override
	public void start() {
		this.roles.values().forEach((leadership) -> leadership.initiator.start());
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.roles.values().forEach((leadership) -> leadership.initiator.stop());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** One role's initiator and what this JVM knows of the role. */
	private final class RoleLeadership implements LeaderEventPublisher {

		private final String role;

		private final String candidateId;

		private final LeaderEventPublisher publisher;

		private final LockRegistryLeaderInitiator initiator;

		/** Held by tasks while they run, taken by a revocation before the lock goes. */
		private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();

		private volatile boolean leader;

		RoleLeadership(String role, String candidateId, Duration heartbeat, LeaderEventPublisher publisher) {
			this.role = role;
			this.candidateId = candidateId;
			this.publisher = publisher;
			this.initiator = new LockRegistryLeaderInitiator((key) -> new RevokingLock(this, registry.obtain(key)),
					new DefaultCandidate(candidateId, role));
			this.initiator.setHeartBeatMillis(heartbeat.toMillis());
			// the initiator's default pause after losing a role (50 ms) stays: it lets a yielded
			// role go to a sibling, whose wait polls the lock file every 5 ms
			this.initiator.setLeaderEventPublisher(this);
			this.initiator.setTaskExecutor(new SimpleAsyncTaskExecutor("ipc-leadership-" + role + "-"));
			this.initiator.setAutoStartup(false);
		}

		@Override
		public void publishOnGranted(Object source, Context context, String role) {
			this.leader = true;
			SiblingLeadership.this.changes.increment();
			logger.info(LogMessage.format("Leading role '%s' as %s", role, this.candidateId));
			this.publisher.publishOnGranted(source, context, role);
		}

		@Override
		public void publishOnRevoked(Object source, Context context, String role) {
			revoke(source, context);
		}

		@Override
		public void publishOnFailedToAcquire(Object source, Context context, String role) {
			this.publisher.publishOnFailedToAcquire(source, context, role);
		}

		/** Revoke once, before the lock is released: the initiator revokes only after. */
		void revoke(Object source, Context context) {
			this.guard.writeLock().lock();
			try {
				if (this.leader) {
					this.leader = false;
					SiblingLeadership.this.changes.increment();
					logger.info(LogMessage.format("No longer leading role '%s' as %s", this.role, this.candidateId));
					this.publisher.publishOnRevoked(source, context, this.role);
				}
			}
			finally {
				this.guard.writeLock().unlock();
			}
		}

	}

	/** The initiator's view of a role lock: its last release revokes the role first. */
	private static final class RevokingLock implements Lock {

		private final RoleLeadership leadership;

		private final SiblingLock lock;

		RevokingLock(RoleLeadership leadership, SiblingLock lock) {
			this.leadership = leadership;
			this.lock = lock;
		}

		@Override
		public void unlock() {
			if (this.lock.getHoldCount() == 1) {
				this.leadership.revoke(this.leadership.initiator, this.leadership.initiator.getContext());
			}
			this.lock.unlock();
		}

		@Override
		public void lock() {
			this.lock.lock();
		}

		@Override
		public void lockInterruptibly() throws InterruptedException {
			this.lock.lockInterruptibly();
		}

		@Override
		public boolean tryLock() {
			return this.lock.tryLock();
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			return this.lock.tryLock(time, unit);
		}

		@Override
		public Condition newCondition() {
			return this.lock.newCondition();
		}

	}

}
