/**
 * Test support: {@link dev.ipcsocket.test.IpcTestPeer}, a sibling that a test starts in a few lines.
 */
@NullMarked
package dev.ipcsocket.test;

import org.jspecify.annotations.NullMarked;
