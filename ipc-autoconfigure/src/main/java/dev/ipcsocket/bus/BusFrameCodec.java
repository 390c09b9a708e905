package dev.ipcsocket.bus;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

	private static final int UPLINKED = 8;

	private static final int MAX_MEMBERS = 65_535;

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
		else if (frame instanceof BusFrame.Uplinked uplinked) {
			out.u8(UPLINKED).i64(uplinked.sequence());
		}
		else {
			out.u8(BYE);
		}
		return out.toByteArray();
	}

	/** The per-message path: one exactly sized array, no growth, no copy. */
	private static byte[] encodeData(BusFrame.Data data) {
		byte[] origin = utf8(data.origin());
		byte[] target = utf8(data.target());
		byte[] type = utf8(data.type());
		int size = 3 + 2 + origin.length + 2 + target.length + 8 + 8 + 2 + type.length + data.payload().length;
		return ByteBuffer.allocate(size)
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
			.put(type)
			.put(data.payload())
			.array();
	}

	private static byte[] utf8(String value) {
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
				case UPLINKED -> new BusFrame.Uplinked(in.getLong());
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

	private static BusFrame.Data data(ByteBuffer in) throws MalformedFrameException {
		int kind = u8(in);
		if (kind >= BusFrame.Kind.values().length) {
			throw new MalformedFrameException("unknown message kind " + kind);
		}
		String origin = string(in);
		String target = string(in);
		long sequence = in.getLong();
		long correlation = in.getLong();
		String type = string(in);
		byte[] payload = new byte[in.remaining()];
		in.get(payload);
		return new BusFrame.Data(BusFrame.Kind.values()[kind], origin, target, sequence, correlation, type, payload);
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
		String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
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
