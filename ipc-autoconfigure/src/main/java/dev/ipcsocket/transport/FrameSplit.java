package dev.ipcsocket.transport;

/**
 * Tells where a large frame's head ends, so that its body can be read straight into an array of
 * its own: the protocol on top knows its frames, the transport does not.
 */
@FunctionalInterface
public interface FrameSplit {

	/** Reads every frame whole. */
	FrameSplit NONE = (prefix) -> -1;

	/**
	 * The length of the head that begins with these bytes.
	 * @param prefix the frame's first bytes
	 * @return the head's length, at most the prefix's, or -1 to read the frame whole
	 */
	int headLength(byte[] prefix);

}
