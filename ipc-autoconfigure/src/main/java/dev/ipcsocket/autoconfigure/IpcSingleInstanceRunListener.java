package dev.ipcsocket.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.ipcsocket.IpcSocketSettings;
import dev.ipcsocket.coordination.IpcSecondInstanceEvent;
import dev.ipcsocket.coordination.SingleInstance;
import dev.ipcsocket.coordination.SingleInstance.Handover;

/**
 * {@code ipc.single-instance=true}: at the start when the command line, a system property or an
 * environment variable sets it and {@code ipc.path}, otherwise as soon as the environment is
 * ready, and before any bean is created either way, either claims the single instance of {@code ipc.path} or hands this start's command
 * line to the running instance and exits with {@value #HANDED_OVER_EXIT_CODE}. The running
 * instance publishes each hand-over as an {@link IpcSecondInstanceEvent} once it has started.
 */
public final class IpcSingleInstanceRunListener implements SpringApplicationRunListener {

	/** Exit status of a start that handed its command line to the running instance. */
	public static final int HANDED_OVER_EXIT_CODE = 0;

	private final String[] args;

	private @Nullable SingleInstance instance;

	/** Whether this start claimed the instance or handed over already, from the command line. */
	private boolean decided;

	public IpcSingleInstanceRunListener(SpringApplication application, String[] args) {
		this.args = args;
	}

	/**
	 * When the command line, a system property or an environment variable asks for a single
	 * instance and names the path, act at once: before the environment is prepared (the
	 * configuration files read, logging set up), which takes most of a second start's time.
	 */
	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		StandardEnvironment early = new StandardEnvironment();
		if (this.args.length > 0) {
			early.getPropertySources().addFirst(new SimpleCommandLinePropertySource(this.args));
		}
		ConfigurationPropertySources.attach(early);
		claimOrHandOver(early);
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
			ConfigurableEnvironment environment) {
		if (!this.decided) {
			claimOrHandOver(environment);
		}
	}

	private void claimOrHandOver(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		boolean wanted = binder.bind("ipc.single-instance", Boolean.class).orElse(false)
				&& binder.bind("ipc.enabled", Boolean.class).orElse(true);
		Path path = binder.bind("ipc.path", Path.class).orElse(null);
		if (!wanted || path == null) {
			return;
		}
		this.decided = true;
		Duration timeout = binder.bind("ipc.connect-timeout", Duration.class)
			.orElse(IpcSocketSettings.DEFAULT_CONNECT_TIMEOUT);
		this.instance = SingleInstance.claimOrHandOver(path, Handover.ofThisProcess(this.args), timeout);
		if (this.instance == null) {
			System.exit(HANDED_OVER_EXIT_CODE);
		}
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		SingleInstance claimed = this.instance;
		if (claimed != null) {
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> claimed.close());
		}
	}

	@Override
	public void started(ConfigurableApplicationContext context, Duration timeTaken) {
		SingleInstance claimed = this.instance;
		if (claimed != null) {
			claimed.deliverTo((handover) -> context.publishEvent(new IpcSecondInstanceEvent(claimed, handover.args(),
					handover.workingDirectory(), handover.pid())));
		}
	}

	@Override
	public void failed(@Nullable ConfigurableApplicationContext context, Throwable exception) {
		SingleInstance claimed = this.instance;
		if (claimed != null) {
			claimed.close();
		}
	}

}
