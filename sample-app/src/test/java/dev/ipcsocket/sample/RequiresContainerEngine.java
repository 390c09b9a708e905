package dev.ipcsocket.sample;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A Testcontainers test class that runs where a Docker engine answers, skips elsewhere, and fails
 * without one when {@code IPC_REQUIRE_CONTAINERS=1} (see {@link ContainerEngineCondition}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ContainerEngineCondition.class)
@Testcontainers
@interface RequiresContainerEngine {

}
