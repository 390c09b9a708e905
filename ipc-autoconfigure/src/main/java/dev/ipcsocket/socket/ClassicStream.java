package dev.ipcsocket.socket;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcMessage;

/**
 * The classic byte API's two buffers: bytes written and not yet flushed (a flush sends them as
 * one message), and, when its capacity is above 0, the messages received and not yet read.
 */
final class ClassicStream {

	private static final Log logger = LogFactory.getLog(ClassicStream.class);

	private final Path path;

	private final int maxMessageSize;

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private final @Nullable ReceiveBuffer receiveBuffer;

	ClassicStream(Path path, int maxMessageSize, int receiveBufferCapacity) {
		this.path = path;
		this.maxMessageSize = maxMessageSize;
		this.receiveBuffer = (receiveBufferCapacity > 0) ? new ReceiveBuffer(receiveBufferCapacity) : null;
	}

	void write(byte[] bytes) {
		synchronized (this.pending) {
			if ((long) this.pending.size() + bytes.length > this.maxMessageSize) {
				throw new IpcException(IpcError.OUT_OF_MEMORY_ERROR, "writing " + bytes.length + " more bytes to "
						+ this.pending.size() + " unflushed ones exceeds ipc.max-message-size (" + this.maxMessageSize
						+ "): flush first");
			}
			this.pending.writeBytes(bytes);
		}
	}

	/** Send what was written as one message, if anything was. */
	void flush(Consumer<byte[]> send) {
		synchronized (this.pending) {
			if (this.pending.size() > 0) {
				send.accept(this.pending.toByteArray());
				this.pending.reset();
			}
		}
	}

	int bytesLeftToSend() {
		synchronized (this.pending) {
			return this.pending.size();
		}
	}

	int bytesAvailable() {
		return (this.receiveBuffer != null) ? this.receiveBuffer.bytesAvailable() : 0;
	}

	/** Keep a received message for reading, if the receive buffer is on. */
	void keep(IpcMessage message) {
		ReceiveBuffer buffer = this.receiveBuffer;
		if (buffer == null) {
			return;
		}
		try {
			if (!buffer.put(message)) {
				logger.debug("Socket closed; a message from " + message.peer() + " stays unread");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The received messages not yet read.
	 * @throws IpcException if the receive buffer is off
	 */
	ReceiveBuffer received() {
		ReceiveBuffer buffer = this.receiveBuffer;
		if (buffer == null) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "the receive buffer of " + this.path
					+ " is off (receive buffer capacity 0): listen for IpcDataEvent instead");
		}
		return buffer;
	}

	void close() {
		if (this.receiveBuffer != null) {
			this.receiveBuffer.close();
		}
	}

}
