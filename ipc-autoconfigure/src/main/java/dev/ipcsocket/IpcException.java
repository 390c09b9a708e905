package dev.ipcsocket;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an IPC socket operation fails; carries the classic {@link IpcError} code.
 */
public class IpcException extends RuntimeException {

	private final IpcError error;

	public IpcException(IpcError error, String message) {
		this(error, message, null);
	}

	public IpcException(IpcError error, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.error = error;
	}

	/**
	 * Return the error.
	 * @return the error
	 */
	public IpcError error() {
		return this.error;
	}

	/**
	 * Return the classic numeric error code.
	 * @return the code
	 */
	public int code() {
		return this.error.code();
	}

	@Override
	public String getMessage() {
		return this.error + ": " + super.getMessage();
	}

}
