package dev.ipcsocket.uplink;

import java.util.Locale;

/**
 * What became of a message at the uplink: the {@code result} tag of the
 * {@code ipc.uplink.messages} meter.
 */
public enum UplinkResult {

	/** Sent to the broker, which confirmed it. */
	UPLINKED,

	/** Received from the broker and handed to the hub for this host. */
	RECEIVED,

	/** Received from the broker, sent by this host: dropped. */
	ECHO,

	/** Dropped by this member because it had delivered the same message id already. */
	DUPLICATE,

	/** Received from the broker after more hops than {@code ipc.uplink.max-hops}: dropped. */
	HOP_LIMIT,

	/** Received from the broker, of another application or for another host: dropped. */
	IGNORED,

	/**
	 * A send to the broker that failed (it is retried), a message reported as undelivered, or a
	 * malformed record.
	 */
	FAILED;

	/**
	 * Return the tag value.
	 * @return the name in lower case with dashes, e.g. {@code hop-limit}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
