package dev.ipcsocket;

/**
 * Member ids across hosts. On its own host a member is known by its instance id, which never
 * contains a colon; on other hosts by its qualified id {@code host:application:instance}.
 */
public final class IpcMemberIds {

	/** Separates the parts of a qualified id. */
	public static final char SEPARATOR = ':';

	private IpcMemberIds() {
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
			throw new IllegalArgumentException("'" + qualifiedId + "' is not a host:application:instance id");
		}
		return parts[index];
	}

}
