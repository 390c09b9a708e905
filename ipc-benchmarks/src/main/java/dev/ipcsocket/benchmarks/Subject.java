package dev.ipcsocket.benchmarks;

/**
 * What is measured: the starter as users call it, and the raw sockets it is compared with.
 */
public enum Subject {

	/** A Spring Boot context with {@code ipc.path}; replies from an {@code @EventListener}. */
	SPRING_EVENTS("spring-events", "starter: Spring context, @EventListener + IPCSocket bean"),

	/** A Spring Boot context with {@code ipc.path}; an integration flow between the channels. */
	SPRING_CHANNELS("spring-channels", "starter: Spring context, inbound/outbound channels"),

	/** As {@link #SPRING_EVENTS}, with {@code ipc.listener-thread=dispatch}. */
	SPRING_EVENTS_DISPATCH("spring-events-dispatch", "starter: as spring-events, with ipc.listener-thread=dispatch"),

	/** {@code new UnixDomainIPCSocket(settings)}, {@code addListener}, {@code send}: no Spring context. */
	CORE_API("core-api", "starter: core IPCSocket API, no Spring context"),

	/** As {@link #CORE_API}, with listeners on the dispatch thread. */
	CORE_API_DISPATCH("core-api-dispatch", "starter: as core-api, with IpcListenerThread.DISPATCH"),

	/** The baseline: the JDK's {@code SocketChannel} on a {@code UnixDomainSocketAddress}. */
	JDK_UDS("jdk-uds", "raw JDK SocketChannel, Unix domain socket (baseline)"),

	/** junixsocket's socket streams, used directly. */
	JUNIXSOCKET("junixsocket", "raw junixsocket streams"),

	/** The baseline's very code over TCP on 127.0.0.1. */
	JDK_TCP("jdk-tcp", "raw JDK SocketChannel, TCP 127.0.0.1"),

	/** The floor: a C program with read(2) and write(2) on a Unix domain socket. */
	C_FLOOR("c-floor", "C read/write, Unix domain socket (floor)");

	private final String id;

	private final String description;

	Subject(String id, String description) {
		this.id = id;
		this.description = description;
	}

	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/** Whether this is the starter itself rather than a socket it is compared with. */
	public boolean isStarter() {
		return this == SPRING_EVENTS || this == SPRING_EVENTS_DISPATCH || this == SPRING_CHANNELS || this == CORE_API
				|| this == CORE_API_DISPATCH;
	}

	public static Subject of(String id) {
		for (Subject subject : values()) {
			if (subject.id.equals(id)) {
				return subject;
			}
		}
		throw new IllegalArgumentException("unknown subject " + id);
	}

}
