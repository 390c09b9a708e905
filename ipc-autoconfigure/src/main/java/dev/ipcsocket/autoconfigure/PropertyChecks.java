package dev.ipcsocket.autoconfigure;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.ipcsocket.IpcMemberIds;
import dev.ipcsocket.IpcPeerText;

/**
 * Checks of property values that fail as Spring Boot's failure analyzer reports: the
 * property, the value as written, and the reason.
 */
final class PropertyChecks {

	private final Function<String, @Nullable String> writtenValues;

	PropertyChecks(Function<String, @Nullable String> writtenValues) {
		this.writtenValues = writtenValues;
	}

	void require(boolean condition, String name, @Nullable Object value, String reason) {
		if (!condition) {
			String written = this.writtenValues.apply(name);
			throw new InvalidConfigurationPropertyValueException(name, (written != null) ? written : value,
					reason);
		}
	}

	void validId(String name, String id) {
		String problem = IpcMemberIds.problem(id);
		if (problem != null) {
			throw new InvalidConfigurationPropertyValueException(name, IpcPeerText.escape(id),
					"The id " + problem + "; an id is " + IpcMemberIds.RULE + ".");
		}
	}

	Set<PosixFilePermission> socketPermissions(String mode) {
		String trimmed = mode.trim();
		Set<PosixFilePermission> permissions = Set.of();
		if (trimmed.matches("0?[0-7]{3}")) {
			int bits = Integer.parseInt(trimmed, 8);
			StringBuilder symbolic = new StringBuilder();
			for (int shift = 8; shift >= 0; shift--) {
				symbolic.append(((bits >> shift) & 1) != 0 ? "rwx".charAt((8 - shift) % 3) : '-');
			}
			permissions = PosixFilePermissions.fromString(symbolic.toString());
		}
		else if (trimmed.matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]")) {
			permissions = PosixFilePermissions.fromString(trimmed);
		}
		else {
			require(false, "ipc.permissions", mode, "must be a file mode such as 0600 or rw-rw----");
		}
		require(permissions.contains(PosixFilePermission.OWNER_READ)
				&& permissions.contains(PosixFilePermission.OWNER_WRITE), "ipc.permissions", mode,
				"must let the owner read and write the socket");
		require(permissions.stream().noneMatch((permission) -> permission.name().endsWith("_EXECUTE")),
				"ipc.permissions", mode, "must have no execute bit (a socket is never executed)");
		return permissions;
	}

}
