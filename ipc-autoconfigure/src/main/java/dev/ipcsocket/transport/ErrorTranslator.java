package dev.ipcsocket.transport;

import java.io.IOException;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;

/**
 * Translates transport failures into {@link IpcException}s with the classic codes, in one place,
 * keeping the original as the cause. junixsocket reports most failures as plain
 * {@link java.net.SocketException}s, so the code follows from where the failure happened.
 */
public final class ErrorTranslator {

	private ErrorTranslator() {
	}

	/**
	 * Translate a failure on an established connection.
	 * @param failure what was thrown
	 * @param what what we were doing, for the message
	 * @return the exception to report
	 */
	public static IpcException onConnection(Throwable failure, String what) {
		Throwable cause = unwrap(failure);
		if (cause instanceof IpcException ipc) {
			return ipc;
		}
		if (cause instanceof OversizedFrameException) {
			return new IpcException(IpcError.OUT_OF_MEMORY_ERROR, what + ": " + cause.getMessage()
					+ "; the connection was closed", cause);
		}
		if (cause instanceof IOException) {
			return new IpcException(IpcError.LOST_CONNECTION, what + ": " + cause.getMessage(), cause);
		}
		return new IpcException(IpcError.OPEN_DRIVER_ERROR, what + ": " + cause, cause);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (!(current instanceof IOException) && !(current instanceof IpcException) && current.getCause() != null
				&& current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

}
