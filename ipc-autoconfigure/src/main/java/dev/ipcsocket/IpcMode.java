package dev.ipcsocket;

/**
 * How a socket takes its role at start.
 */
public enum IpcMode {

	/** Connect to whoever listens on the path; if nobody does, listen there. */
	AUTO,

	/** Only connect; fail with {@link IpcError#NAME_RESOLUTION_ERROR} if nobody listens. */
	CONNECT,

	/** Only listen; fail with {@link IpcError#ADDRESS_IN_USE_ERROR} if somebody already does. */
	LISTEN

}
