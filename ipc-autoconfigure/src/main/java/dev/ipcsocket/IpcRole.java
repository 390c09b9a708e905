package dev.ipcsocket;

/**
 * The part a socket plays once the connect-or-listen handshake has decided.
 */
public enum IpcRole {

	/** Bound to the path; siblings connect to it and it relays between them. */
	LISTENER,

	/** Connected to the sibling that listens on the path. */
	CLIENT

}
