package dev.ipcsocket.messaging;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.ipcsocket.IpcError;
import dev.ipcsocket.IpcException;
import dev.ipcsocket.IpcPeerText;

/**
 * Turns objects into JSON payloads that carry their class name as the type, and back, but only
 * for types in trusted packages: a type from anywhere else is never instantiated. Never uses
 * Java serialization.
 */
public final class IpcPayloadConverter {

	/** Trusts every package. */
	public static final String TRUST_ALL = "*";

	private final JsonMapper mapper;

	private final List<String> trustedPackages;

	private final ClassLoader classLoader;

	public IpcPayloadConverter(JsonMapper mapper, List<String> trustedPackages, ClassLoader classLoader) {
		this.mapper = mapper;
		this.trustedPackages = List.copyOf(trustedPackages);
		this.classLoader = classLoader;
	}

	/**
	 * Encode an object as JSON.
	 * @param object the object
	 * @return its type and bytes
	 */
	public Encoded encode(Object object) {
		try {
			return new Encoded(object.getClass().getName(), this.mapper.writeValueAsBytes(object));
		}
		catch (JacksonException ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"cannot write " + object.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Whether a type may be decoded.
	 * @param type a class name
	 * @return {@code true} if its package is trusted
	 */
	public boolean isTrusted(String type) {
		int lastDot = type.lastIndexOf('.');
		String packageName = (lastDot > 0) ? type.substring(0, lastDot) : "";
		return this.trustedPackages.stream()
			.anyMatch((trusted) -> trusted.equals(TRUST_ALL) || packageName.equals(trusted)
					|| packageName.startsWith(trusted + "."));
	}

	/**
	 * Decode a JSON payload as the type it names.
	 * @param type a class name
	 * @param payload the JSON
	 * @return the object
	 * @throws IpcException if the type is not trusted, not on the classpath, or the JSON does not
	 * fit it
	 */
	public Object decode(String type, byte[] payload) {
		if (!isTrusted(type)) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "type " + IpcPeerText.escape(type)
					+ " is not in ipc.trusted-packages " + this.trustedPackages + ": it stays raw bytes");
		}
		Class<?> target;
		try {
			target = Class.forName(type, false, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR, "type " + IpcPeerText.escape(type) + " is not on the classpath", ex);
		}
		try {
			return this.mapper.readValue(payload, target);
		}
		catch (JacksonException ex) {
			throw new IpcException(IpcError.INVALID_STATE_ERROR,
					"cannot read the JSON payload as " + IpcPeerText.escape(type) + ": "
							+ IpcPeerText.escape(ex.getOriginalMessage()), ex);
		}
	}

	/**
	 * A payload and its type.
	 * @param type the class name
	 * @param payload the JSON bytes
	 */
	public record Encoded(String type, byte[] payload) {
	}

}
