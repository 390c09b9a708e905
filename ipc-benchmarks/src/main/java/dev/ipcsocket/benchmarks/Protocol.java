package dev.ipcsocket.benchmarks;

import java.util.Arrays;

/**
 * What the driving peer and the serving peer say to each other, the same for every subject. Data
 * messages are 64 bytes or 64 KiB; control messages are {@value #CONTROL_SIZE} bytes whose first
 * byte is the command. The server starts in echo mode.
 */
public final class Protocol {

	/** Size of a control message; data messages are never this small. */
	public static final int CONTROL_SIZE = 8;

	/** Echo every data message back (round trips). */
	public static final byte ECHO = 'E';

	/** Only count data messages (throughput). */
	public static final byte SINK = 'S';

	/** Reply with this control message: everything sent before it has been received. */
	public static final byte ACK = 'A';

	/** The run is over: close and exit. */
	public static final byte QUIT = 'Q';

	public static final int SMALL = 64;

	public static final int LARGE = 64 * 1024;

	private Protocol() {
	}

	public static byte[] control(byte command) {
		byte[] message = new byte[CONTROL_SIZE];
		message[0] = command;
		return message;
	}

	public static byte[] data(int size) {
		byte[] message = new byte[size];
		Arrays.fill(message, (byte) 'x');
		return message;
	}

	public static boolean isControl(int size) {
		return size == CONTROL_SIZE;
	}

}
