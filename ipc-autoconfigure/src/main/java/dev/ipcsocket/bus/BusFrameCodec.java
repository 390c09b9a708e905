package dev.ipcsocket.bus;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.ipcsocket.IpcPeer;

/**
 * Encodes {@link BusFrame}s as the payload of one length-header frame, and decodes them without
 * trusting a single length: every count is checked against the bytes that are actually there.
 * Layout (big-endian): version (u8), frame type (u8), then the frame's fields; strings are a u16
 * byte count and UTF-8; byte arrays run to the end of the frame. See docs/PROTOCOL.md.
 */
public final class BusFrameCodec {

	private static final int HELLO = 1;

	private static final int WELCOME = 2;

	private static final int REFUSE = 3;

	private static final int JOINED = 4;

	private static final int LEFT = 5;

	private static final int BYE = 6;

	private static final int DATA = 7;

	private static final int CONFIRMED = 8;

	private static final int MAX_MEMBERS = 65_535;

	/**
	 * The most bytes a Data frame may have before its payload: a frame is read if it is at most
	 * this much larger than {@code ipc.max-message-size}, so that a payload of exactly that size
	 * always crosses.
	 */
	public static final int MAX_ENVELOPE = 4096;

	private static final byte[] NO_BYTES = {};

	/** {@code values()} copies its array on every call. */
	private static final BusFrame.Kind[] KINDS = BusFrame.Kind.values();

	private BusFrameCodec() {
	}

	public static byte[] encode(BusFrame frame) {
		if (frame instanceof BusFrame.Data data) {
			return encodeData(data);
		}
		Writer out = new Writer();
		out.u8(BusFrame.PROTOCOL_VERSION);
		if (frame instanceof BusFrame.Hello hello) {
			out.u8(HELLO).string(hello.applicationId()).u8(hello.protocolVersion()).string(hello.instanceId());
		}
		else if (frame instanceof BusFrame.Welcome welcome) {
			out.u8(WELCOME).u16(welcome.members().size());
			welcome.members().forEach(out::peer);
		}
		else if (frame instanceof BusFrame.Refuse refuse) {
			out.u8(REFUSE).string(refuse.reason());
		}
		else if (frame instanceof BusFrame.Joined joined) {
			out.u8(JOINED).peer(joined.member());
		}
		else if (frame instanceof BusFrame.Left left) {
			out.u8(LEFT).string(left.instanceId()).u8(left.clean() ? 1 : 0);
		}
		else if (frame instanceof BusFrame.Confirmed confirmed) {
			out.u8(CONFIRMED).i64(confirmed.sequence());
		}
		else {
			out.u8(BYE);
		}
		return out.toByteArray();
	}

	/** The per-message path: one exactly sized array, no growth, no copy. */
	private static byte[] encodeData(BusFrame.Data data) {
		return envelope(data, data.payload().length).put(data.payload()).array();
	}

	/**
	 * Encode what a Data frame carries before its payload: a sender writes it and then the
	 * payload behind one length header, without copying the payload into a frame first.
	 * @param data the message
	 * @return the frame's bytes up to its payload
	 */
	public static byte[] encodeEnvelope(BusFrame.Data data) {
		return envelope(data, 0).array();
	}

	private static ByteBuffer envelope(BusFrame.Data data, int room) {
		byte[] origin = utf8(data.origin());
		byte[] target = utf8(data.target());
		byte[] type = utf8(data.type());
		int size = 3 + 2 + origin.length + 2 + target.length + 8 + 8 + 2 + type.length;
		return ByteBuffer.allocate(size + room)
			.put((byte) BusFrame.PROTOCOL_VERSION)
			.put((byte) DATA)
			.put((byte) data.kind().ordinal())
			.putShort((short) origin.length)
			.put(origin)
			.putShort((short) target.length)
			.put(target)
			.putLong(data.sequence())
			.putLong(data.correlation())
			.putShort((short) type.length)
			.put(type);
	}

	private static byte[] utf8(String value) {
		if (value.isEmpty()) {
			return NO_BYTES;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0xFFFF) {
			throw new IllegalArgumentException("a string of " + bytes.length + " bytes does not fit a frame field");
		}
		return bytes;
	}

	public static BusFrame decode(byte[] bytes) throws MalformedFrameException {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		try {
			int version = u8(in);
			int type = u8(in);
			if (type == HELLO) {
				// a Hello is read whatever its version, so that the listener can name the mismatch
				return new BusFrame.Hello(string(in), u8(in), string(in));
			}
			if (version != BusFrame.PROTOCOL_VERSION) {
				throw new MalformedFrameException("protocol version " + version + ", expected "
						+ BusFrame.PROTOCOL_VERSION);
			}
			BusFrame frame = switch (type) {
				case WELCOME -> new BusFrame.Welcome(peers(in));
				case REFUSE -> new BusFrame.Refuse(string(in));
				case JOINED -> new BusFrame.Joined(peer(in));
				case LEFT -> new BusFrame.Left(string(in), u8(in) != 0);
				case BYE -> new BusFrame.Bye();
				case DATA -> data(in);
				case CONFIRMED -> new BusFrame.Confirmed(in.getLong());
				default -> throw new MalformedFrameException("unknown frame type " + type);
			};
			if (in.hasRemaining() && type != DATA) {
				throw new MalformedFrameException(in.remaining() + " stray bytes after a frame of type " + type);
			}
			return frame;
		}
		catch (BufferUnderflowException ex) {
			throw new MalformedFrameException("frame of " + bytes.length + " bytes ends inside a field");
		}
	}

	/**
	 * Find where the payload of a Data frame begins, so that a large message can be read in two
	 * parts: the envelope, then the payload straight into an array of its own.
	 * @param prefix the first bytes of a frame
	 * @return the length of the Data envelope at the start of {@code prefix}, or -1 if
	 * {@code prefix} does not begin with a whole Data envelope of this protocol version (such a
	 * frame is read and decoded whole, which names what is wrong with it)
	 */
	public static int dataEnvelopeLength(byte[] prefix) {
		if (prefix.length < 5 || Byte.toUnsignedInt(prefix[0]) != BusFrame.PROTOCOL_VERSION
				|| Byte.toUnsignedInt(prefix[1]) != DATA || Byte.toUnsignedInt(prefix[2]) >= KINDS.length) {
			return -1;
		}
		// origin, target, sequence and correlation, type
		int position = skipString(prefix, 3);
		position = skipString(prefix, position);
		position = (position < 0) ? -1 : position + 16;
		position = skipString(prefix, position);
		return position;
	}

	private static int skipString(byte[] bytes, int position) {
		if (position < 0 || position + 2 > bytes.length) {
			return -1;
		}
		int end = position + 2 + (((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF));
		return (end <= bytes.length) ? end : -1;
	}

	/**
	 * Decode a Data frame read in two parts, keeping its payload array as it is.
	 * @param envelope the frame's bytes up to its payload, as {@link #dataEnvelopeLength} found them
	 * @param payload the rest of the frame
	 * @return the message
	 * @throws MalformedFrameException if the envelope is not exactly one Data envelope
	 */
	public static BusFrame.Data decodeData(byte[] envelope, byte[] payload) throws MalformedFrameException {
		if (dataEnvelopeLength(envelope) != envelope.length) {
			throw new MalformedFrameException("not a Data envelope of " + envelope.length + " bytes");
		}
		ByteBuffer in = ByteBuffer.wrap(envelope, 2, envelope.length - 2);
		return data(in, payload);
	}

	private static BusFrame.Data data(ByteBuffer in) throws MalformedFrameException {
		return data(in, null);
	}

	private static BusFrame.Data data(ByteBuffer in, byte @Nullable [] payload) throws MalformedFrameException {
		int kind = u8(in);
		if (kind >= KINDS.length) {
			throw new MalformedFrameException("unknown message kind " + kind);
		}
		String origin = string(in);
		String target = string(in);
		long sequence = in.getLong();
		long correlation = in.getLong();
		String type = string(in);
		// copyOfRange skips zeroing the array it fills
		byte[] rest = (payload != null) ? payload : Arrays.copyOfRange(in.array(), in.position(), in.limit());
		return new BusFrame.Data(KINDS[kind], origin, target, sequence, correlation, type, rest);
	}

	private static List<IpcPeer> peers(ByteBuffer in) throws MalformedFrameException {
		int count = Short.toUnsignedInt(in.getShort());
		// each member needs at least 2 + 3 * 8 bytes: never trust the count alone
		if (count * 26L > in.remaining()) {
			throw new MalformedFrameException(count + " members announced in " + in.remaining() + " bytes");
		}
		List<IpcPeer> peers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			peers.add(peer(in));
		}
		return peers;
	}

	private static IpcPeer peer(ByteBuffer in) throws MalformedFrameException {
		return new IpcPeer(string(in), in.getLong(), in.getLong(), in.getLong());
	}

	private static int u8(ByteBuffer in) {
		return Byte.toUnsignedInt(in.get());
	}

	private static String string(ByteBuffer in) throws MalformedFrameException {
		int length = Short.toUnsignedInt(in.getShort());
		if (length > in.remaining()) {
			throw new MalformedFrameException("string of " + length + " bytes announced in " + in.remaining());
		}
		// most messages have no target and no type
		String value = (length != 0)
				? new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8) : "";
		in.position(in.position() + length);
		return value;
	}

	/** A growable big-endian buffer. */
	private static final class Writer {

		private ByteBuffer buffer = ByteBuffer.allocate(128);

		private void ensure(int more) {
			if (this.buffer.remaining() < more) {
				ByteBuffer larger = ByteBuffer.allocate(Math.max(this.buffer.capacity() * 2, this.buffer.position() + more));
				this.buffer.flip();
				larger.put(this.buffer);
				this.buffer = larger;
			}
		}

		Writer u8(int value) {
			ensure(1);
			this.buffer.put((byte) value);
			return this;
		}

		Writer u16(int value) {
			if (value > MAX_MEMBERS) {
				throw new IllegalArgumentException(value + " does not fit in 16 bits");
			}
			ensure(2);
			this.buffer.putShort((short) value);
			return this;
		}

		Writer i64(long value) {
			ensure(8);
			this.buffer.putLong(value);
			return this;
		}

		Writer string(String value) {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			u16(utf8.length);
			ensure(utf8.length);
			this.buffer.put(utf8);
			return this;
		}

		Writer peer(IpcPeer peer) {
			return string(peer.id()).i64(peer.pid()).i64(peer.uid()).i64(peer.gid());
		}

		Writer bytes(byte[] value) {
			ensure(value.length);
			this.buffer.put(value);
			return this;
		}

		byte[] toByteArray() {
			byte[] out = new byte[this.buffer.position()];
			this.buffer.flip().get(out);
			return out;
		}

	}

}
