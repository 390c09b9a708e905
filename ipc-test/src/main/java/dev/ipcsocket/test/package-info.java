/**
 * Test support: {@link dev.ipcsocket.test.IpcTestPeer}, a sibling that a test starts in a few lines,
 * and {@link dev.ipcsocket.test.IpcSiblingContainer}, a sibling application in a container.
 */
@NullMarked
package dev.ipcsocket.test;

import org.jspecify.annotations.NullMarked;
