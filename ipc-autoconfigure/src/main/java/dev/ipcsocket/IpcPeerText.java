package dev.ipcsocket;

import org.jspecify.annotations.Nullable;

/**
 * Renders a string that a peer supplied (an id, a type, a reason, anything read from a socket or
 * a broker) so that it can go into a log line or an error message as it is: every character
 * outside printable ASCII, and the backslash, becomes {@code \}{@code uXXXX}, and a long string is
 * cut. A peer can then neither forge log lines (a newline, a terminal escape) nor fill the log.
 */
public final class IpcPeerText {

	/** Characters of a peer's string rendered at most; the rest is counted. */
	public static final int MAX_CHARS = 128;

	/** Characters of a peer's reason (an error reply, a refusal) rendered at most. */
	public static final int MAX_REASON_CHARS = 1024;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private IpcPeerText() {
	}

	/**
	 * Render a peer-supplied string for a log line or a message.
	 * @param value the string, possibly {@code null}
	 * @return printable ASCII: the string with control, non-ASCII and backslash characters as
	 * {@code \}{@code uXXXX}, its first {@link #MAX_CHARS} characters only, followed by how many
	 * were left out
	 */
	public static String escape(@Nullable CharSequence value) {
		return escape(value, MAX_CHARS);
	}

	/**
	 * Render a peer-supplied string for a log line or a message, as {@link #escape(CharSequence)}
	 * does, keeping more of it.
	 * @param value the string, possibly {@code null}
	 * @param maxChars how many of its characters to render at most
	 * @return printable ASCII
	 */
	public static String escape(@Nullable CharSequence value, int maxChars) {
		if (value == null) {
			return "null";
		}
		int shown = Math.min(value.length(), maxChars);
		if (shown == value.length() && isPlain(value)) {
			return value.toString();
		}
		StringBuilder out = new StringBuilder(shown + 16);
		for (int i = 0; i < shown; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x7F && c != '\\') {
				out.append(c);
			}
			else {
				out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
			}
		}
		if (shown < value.length()) {
			out.append("...(").append(value.length() - shown).append(" more characters)");
		}
		return out.toString();
	}

	private static boolean isPlain(CharSequence value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c >= 0x7F || c == '\\') {
				return false;
			}
		}
		return true;
	}

}
