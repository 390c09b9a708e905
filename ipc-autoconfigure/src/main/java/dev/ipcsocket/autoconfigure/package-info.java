/**
 * Auto-configuration of the IPC socket, its lifecycle, events and channels.
 */
@NullMarked
package dev.ipcsocket.autoconfigure;

import org.jspecify.annotations.NullMarked;
