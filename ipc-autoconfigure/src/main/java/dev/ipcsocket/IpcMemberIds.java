package dev.ipcsocket;

import org.jspecify.annotations.Nullable;

/**
 * Member ids across hosts. On its own host a member is known by its instance id; on other hosts
 * by its qualified id {@code host:application:instance}. Instance ids and application ids are
 * 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}: no colon (it separates the
 * parts of a qualified id), nothing that could forge a log line, and a valid broker topic name.
 */
public final class IpcMemberIds {

	/** Separates the parts of a qualified id. */
	public static final char SEPARATOR = ':';

	/** Longest instance id or application id, in characters. */
	public static final int MAX_LENGTH = 64;

	/** What an instance id or an application id is made of, for messages. */
	public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-'";

	private IpcMemberIds() {
	}

	/**
	 * Return whether a string is a valid instance id or application id.
	 * @param id the string
	 * @return whether it is 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
	 */
	public static boolean isValid(String id) {
		return problem(id) == null;
	}

	/**
	 * Say what is wrong with an instance id or an application id.
	 * @param id the string
	 * @return what is wrong, e.g. {@code "is empty"}, or {@code null} if it is valid
	 */
	public static @Nullable String problem(String id) {
		if (id.isEmpty()) {
			return "is empty";
		}
		if (id.length() > MAX_LENGTH) {
			return "is " + id.length() + " characters long";
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!isIdCharacter(c)) {
				return "contains '" + IpcPeerText.escape(String.valueOf(c)) + "' at index " + i
						+ ((c == SEPARATOR) ? ", which qualifies the ids of members on other hosts" : "");
			}
		}
		return null;
	}

	/**
	 * Make a valid id out of any name (such as {@code spring.application.name}): every character
	 * outside {@code A-Z a-z 0-9 . _ -} becomes {@code -}, and the result is cut to
	 * {@code maxLength} characters.
	 * @param name the name
	 * @param maxLength how long the id may be, at most {@value #MAX_LENGTH}
	 * @return the id, {@code "application"} for an empty name
	 */
	public static String toValidId(String name, int maxLength) {
		int length = Math.min(name.length(), Math.min(maxLength, MAX_LENGTH));
		if (length == 0) {
			return "application";
		}
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			id.append(isIdCharacter(c) ? c : '-');
		}
		return id.toString();
	}

	private static boolean isIdCharacter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

	/**
	 * Return whether an id names a member of another host.
	 * @param id a member id
	 * @return whether it is qualified
	 */
	public static boolean isQualified(String id) {
		return id.indexOf(SEPARATOR) >= 0;
	}

	/**
	 * Qualify an instance id with its host and application.
	 * @param hostId the host id
	 * @param applicationId the application id
	 * @param instanceId the instance id on its host
	 * @return {@code host:application:instance}
	 */
	public static String qualify(String hostId, String applicationId, String instanceId) {
		return hostId + SEPARATOR + applicationId + SEPARATOR + instanceId;
	}

	/**
	 * Return the host part of a qualified id.
	 * @param qualifiedId a qualified id
	 * @return its host id
	 * @throws IllegalArgumentException if the id is not qualified
	 */
	public static String hostOf(String qualifiedId) {
		return part(qualifiedId, 0);
	}

	/**
	 * Return the application part of a qualified id.
	 * @param qualifiedId a qualified id
	 * @return its application id
	 * @throws IllegalArgumentException if the id is not qualified
	 */
	public static String applicationOf(String qualifiedId) {
		return part(qualifiedId, 1);
	}

	/**
	 * Return the instance part of a qualified id.
	 * @param qualifiedId a qualified id
	 * @return its instance id on its host
	 * @throws IllegalArgumentException if the id is not qualified
	 */
	public static String instanceOf(String qualifiedId) {
		return part(qualifiedId, 2);
	}

	private static String part(String qualifiedId, int index) {
		String[] parts = qualifiedId.split(String.valueOf(SEPARATOR), 3);
		if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
			throw new IllegalArgumentException("'" + IpcPeerText.escape(qualifiedId) + "' is not a host:application:instance id");
		}
		return parts[index];
	}

}
