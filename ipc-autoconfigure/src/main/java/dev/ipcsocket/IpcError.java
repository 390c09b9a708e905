package dev.ipcsocket;

/**
 * Error codes of the classic {@code IPCSocket}, with their original numbers.
 *
 * @see IPCSocket#lastErrorCode()
 */
public enum IpcError {

	/** The socket could not be created or an unexpected I/O failure occurred. */
	OPEN_DRIVER_ERROR(100),

	/** The connection to a peer was lost. */
	LOST_CONNECTION(102),

	/** Nobody listens on the path. */
	NAME_RESOLUTION_ERROR(103),

	/** Somebody else listens on the path (or holds its election lock). */
	ADDRESS_IN_USE_ERROR(105),

	/** The operation is not valid in the socket's current state. */
	INVALID_STATE_ERROR(106),

	/** The path cannot be used: too long, not a socket, or an unusable directory. */
	INVALID_PORT_ERROR(107),

	/** A message is larger than the configured maximum. */
	OUT_OF_MEMORY_ERROR(108);

	private final int code;

	IpcError(int code) {
		this.code = code;
	}

	/**
	 * Return the classic numeric code.
	 * @return the code, for example 103
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return the error with the given classic code.
	 * @param code the numeric code
	 * @return the error
	 * @throws IllegalArgumentException if no error has that code
	 */
	public static IpcError ofCode(int code) {
		for (IpcError error : values()) {
			if (error.code == code) {
				return error;
			}
		}
		throw new IllegalArgumentException("No IPC error has code " + code);
	}

	@Override
	public String toString() {
		return name() + "(" + this.code + ")";
	}

}
