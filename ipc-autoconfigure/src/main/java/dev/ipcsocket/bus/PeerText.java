package dev.ipcsocket.bus;

/**
 * A string a peer sent, made safe to show in a log or an exception message: control characters
 * escaped, so that it cannot forge log lines, and cut to a bounded length.
 */
final class PeerText {

	private static final int MAX_CHARS = 1024;

	private PeerText() {
	}

	static String escape(String text) {
		int length = Math.min(text.length(), MAX_CHARS);
		StringBuilder escaped = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		if (length < text.length()) {
			escaped.append("... (").append(text.length() - length).append(" more characters)");
		}
		return escaped.toString();
	}

}
