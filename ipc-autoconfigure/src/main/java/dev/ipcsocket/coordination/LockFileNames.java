package dev.ipcsocket.coordination;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps a lock name of any content to a file name that is safe in any directory: a readable
 * prefix (letters, digits, {@code .-_}; anything else becomes {@code _}) and a hash of the whole
 * name, so that names differing only in the replaced characters still get different files.
 */
final class LockFileNames {

	/** Characters of the name kept for people reading the directory; the hash decides identity. */
	static final int READABLE_PREFIX_LENGTH = 32;

	private static final int HASH_BYTES = 12;

	private LockFileNames() {
	}

	/**
	 * Return the file name for a lock name.
	 * @param lockName the name, any content
	 * @return a name of at most 62 characters from {@code [A-Za-z0-9._-]}, not starting with a dot
	 */
	static String of(String lockName) {
		StringBuilder name = new StringBuilder(READABLE_PREFIX_LENGTH + 2 * HASH_BYTES + 6);
		for (int i = 0; i < lockName.length() && name.length() < READABLE_PREFIX_LENGTH; i++) {
			char c = lockName.charAt(i);
			boolean readable = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || (c == '.' && name.length() > 0);
			name.append(readable ? c : '_');
		}
		name.append('-').append(HexFormat.of().formatHex(sha256(lockName), 0, HASH_BYTES)).append(".lock");
		return name.toString();
	}

	private static byte[] sha256(String lockName) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(lockName.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
