/**
 * Coordination of sibling JVMs on one host: a lock registry on kernel file locks, leadership
 * over it, and a single-instance hand-off; none of it needs the bus to be up.
 */
@NullMarked
package dev.ipcsocket.coordination;

import org.jspecify.annotations.NullMarked;
