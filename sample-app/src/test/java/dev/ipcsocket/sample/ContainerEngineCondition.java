package dev.ipcsocket.sample;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class where a Docker engine answers and skips it with a reason elsewhere, as
 * {@code @Testcontainers(disabledWithoutDocker = true)} does, unless
 * {@code IPC_REQUIRE_CONTAINERS=1} (set by {@code .ci/run} once it has an engine) makes the test
 * run, so that a missing engine fails it instead.
 */
final class ContainerEngineCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if ("1".equals(System.getenv("IPC_REQUIRE_CONTAINERS"))) {
			return ConditionEvaluationResult.enabled("IPC_REQUIRE_CONTAINERS=1: a container engine is required");
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			return ConditionEvaluationResult.enabled("a Docker engine answers");
		}
		return ConditionEvaluationResult.disabled("no Docker engine answers (DOCKER_HOST, /var/run/docker.sock): skipped; "
				+ ".ci/run provides one with ../shared/tools/container-engine.sh where that script is present, "
				+ "and IPC_REQUIRE_CONTAINERS=1 fails instead");
	}

}
